package org.portrait.photos.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.photos.entity.PhotoVariant;

/** Which stored variant answers photo, photos and photos/{size} (docs/api.md §2). */
class SizeRulesTest {

    @Test
    void photoIsTheLargestHdSquareAndNotTheBiggerOriginal() {
        List<PhotoVariant> stored = stored(800, 600, 48, 64, 96, 120, 240, 360, 432, 504);
        assertEquals(new PhotoSize(504, 504), ProfilePhotos.largest(stored).orElseThrow().size());
    }

    @Test
    void photosListsHdSquaresSmallestFirstWithoutTheOriginal() {
        List<PhotoVariant> stored = stored(100, 100, 48, 64, 96);
        assertEquals(List.of(new PhotoSize(48, 48), new PhotoSize(64, 64), new PhotoSize(96, 96)),
                ProfilePhotos.listed(stored).stream().map(PhotoVariant::size).toList());
    }

    @Test
    void belowFortyEightPixelsTheOriginalIsThePhotoAndTheOnlyListedSize() {
        List<PhotoVariant> stored = stored(30, 20);
        assertEquals(new PhotoSize(30, 20), ProfilePhotos.largest(stored).orElseThrow().size());
        assertEquals(List.of(new PhotoSize(30, 20)), ProfilePhotos.listed(stored).stream().map(PhotoVariant::size).toList());
    }

    @Test
    void aSizeIsServedByItsSquareOrByTheOriginalsOwnDimensions() {
        List<PhotoVariant> stored = stored(800, 600, 48, 64);
        assertTrue(ProfilePhotos.sized(stored, new PhotoSize(800, 600)).orElseThrow().original());
        assertEquals(new PhotoSize(64, 64), ProfilePhotos.sized(stored, new PhotoSize(64, 64)).orElseThrow().size());
        assertTrue(ProfilePhotos.sized(stored, new PhotoSize(96, 96)).isEmpty());
        assertTrue(ProfilePhotos.sized(stored, new PhotoSize(600, 800)).isEmpty());
    }

    @Test
    void aSquareOriginalOfAnHdSizeYieldsToTheSquare() {
        List<PhotoVariant> stored = stored(48, 48, 48);
        assertTrue(!ProfilePhotos.sized(stored, new PhotoSize(48, 48)).orElseThrow().original());
    }

    @Test
    void noPhotoMeansNothingListedAndNoLargest() {
        assertTrue(ProfilePhotos.largest(List.of()).isEmpty());
        assertTrue(ProfilePhotos.listed(List.of()).isEmpty());
    }

    /** Variants as the store returns them: ordered by width, height, original last. */
    private static List<PhotoVariant> stored(int originalWidth, int originalHeight, int... squares) {
        List<PhotoVariant> variants = new ArrayList<>();
        for (int side : squares) {
            variants.add(variant(side, side, false));
        }
        variants.add(variant(originalWidth, originalHeight, true));
        variants.sort((a, b) -> a.width() != b.width() ? Integer.compare(a.width(), b.width())
                : a.height() != b.height() ? Integer.compare(a.height(), b.height())
                : Boolean.compare(a.original(), b.original()));
        return variants;
    }

    private static PhotoVariant variant(int width, int height, boolean original) {
        return new PhotoVariant("owner", width, height, original, "\"" + width + "x" + height + original + "\"", 1,
                LocalDateTime.now());
    }
}
