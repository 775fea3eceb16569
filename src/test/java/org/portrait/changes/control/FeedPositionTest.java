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
        assertEquals(new FeedPosition.DeltaToken(17, 1_764_000_000_123L),
                FeedPosition.ofDeltaToken(OwnerKind.GROUP, page.deltaToken(1_764_000_000_123L)));
        assertEquals(new FeedPosition.DeltaToken(17, 0), FeedPosition.ofDeltaToken(OwnerKind.GROUP, page.deltaToken(0)));
    }

    @Test
    void aTokenMadeBeforeTokensCarriedTheTimeIsStillRead() {
        String older = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("USER|D|42".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(new FeedPosition.DeltaToken(42, 0), FeedPosition.ofDeltaToken(OwnerKind.USER, older));
    }

    @Test
    void aTokenOfAnotherFeedOrNoneAtAllIsABadRequest() {
        FeedPosition users = FeedPosition.start(OwnerKind.USER, 3);
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofDeltaToken(OwnerKind.GROUP, users.deltaToken(0)));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofSkipToken(OwnerKind.GROUP, users.skipToken()));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofSkipToken(OwnerKind.USER, users.deltaToken(0)));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofDeltaToken(OwnerKind.USER, "%%%"));
        assertThrows(InvalidRequestException.class, () -> FeedPosition.ofDeltaToken(OwnerKind.USER, "VVNFUnxEfC0x"));
    }
}
