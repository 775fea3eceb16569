package org.portrait.changes.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.entity.OwnerKind;

class FeedPositionTest {

    @Test
    void tokensCarryThePositionThrough() {
        FeedPosition page = FeedPosition.changesSince(OwnerKind.GROUP, 4, 17).after("id|with|bars");
        assertEquals(page, FeedPosition.ofSkipToken(OwnerKind.GROUP, page.skipToken()));
        FeedPosition first = FeedPosition.start(OwnerKind.USER, 9).after("x");
        assertEquals(first, FeedPosition.ofSkipToken(OwnerKind.USER, first.skipToken()));
        assertEquals(17, FeedPosition.ofDeltaToken(OwnerKind.GROUP, page.deltaToken()));
    }

    @Test
    void aTokenOfAnotherFeedOrNoneAtAllIsABadRequest() {
        FeedPosition users = FeedPosition.start(OwnerKind.USER, 3);
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofDeltaToken(OwnerKind.GROUP, users.deltaToken()));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofSkipToken(OwnerKind.GROUP, users.skipToken()));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofSkipToken(OwnerKind.USER, users.deltaToken()));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofDeltaToken(OwnerKind.USER, "%%%"));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofDeltaToken(OwnerKind.USER, "VVNFUnxEfC0x"));
    }
}
