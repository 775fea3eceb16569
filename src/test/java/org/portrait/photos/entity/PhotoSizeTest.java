package org.portrait.photos.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portrait.errors.entity.InvalidRequestException;

class PhotoSizeTest {

    @Test
    void parsesEitherCaseOfX() {
        assertEquals(new PhotoSize(48, 48), PhotoSize.parse("48x48"));
        assertEquals(new PhotoSize(800, 600), PhotoSize.parse("800X600"));
        assertEquals(new PhotoSize(48, 99999), PhotoSize.parse("00048x99999"));
    }

    @Test
    void idUsesCapitalX() {
        assertEquals("240X240", new PhotoSize(240, 240).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x0", "48", "48x", "x48", "48x0", "-1x-1", "48x48x48", "123456x1", "1x123456", "48xX48", "x", " 48x48", "48x48 ", "+48x48", "48 x48", "４８x４８", ""})
    void refusesMalformedSizes(String text) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> PhotoSize.parse(text));
        assertEquals("BadRequest", refused.code());
    }

    @Test
    void hdSidesAreGraphsNineSizesInOrder() {
        assertEquals(List.of(48, 64, 96, 120, 240, 360, 432, 504, 648), List.copyOf(PhotoSize.HD_SIDES));
    }

    @Test
    void entityTagsFollowTheBytes() {
        String tag = EntityTags.of(new byte[] {1, 2, 3});
        assertEquals(tag, EntityTags.of(new byte[] {1, 2, 3}));
        assertFalse(tag.equals(EntityTags.of(new byte[] {1, 2, 4})));
        assertTrue(tag.startsWith("\"") && tag.endsWith("\""));
    }

    @Test
    void ifNoneMatchAcceptsListsWeakTagsAndStar() {
        String tag = "\"ABC\"";
        assertTrue(EntityTags.matches("\"ABC\"", tag));
        assertTrue(EntityTags.matches("\"X\", W/\"ABC\"", tag));
        assertTrue(EntityTags.matches("*", tag));
        assertFalse(EntityTags.matches("\"ABD\"", tag));
        assertFalse(EntityTags.matches("ABC", tag));
        assertFalse(EntityTags.matches(null, tag));
    }
}
