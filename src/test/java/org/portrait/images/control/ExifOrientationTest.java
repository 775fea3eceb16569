package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written EXIF parser: right on well-formed input, 1 on anything else, never throws. */
class ExifOrientationTest {

    private static final byte[] JPEG = TestImages.jpeg(TestImages.photoLike(16, 16, 1));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsBothByteOrders(int orientation) {
        assertEquals(orientation, ExifOrientation.of(TestImages.spliceAfterSoi(JPEG, TestImages.exifSegment(orientation, true))));
        assertEquals(orientation, ExifOrientation.of(TestImages.spliceAfterSoi(JPEG, TestImages.exifSegment(orientation, false))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 255, 0x0600})
    void outOfRangeValueMeansNormal(int value) {
        assertEquals(1, ExifOrientation.of(TestImages.spliceAfterSoi(JPEG, TestImages.exifSegment(value, true))));
    }

    @Test
    void noExifMeansNormal() {
        assertEquals(1, ExifOrientation.of(JPEG));
    }

    @Test
    void exifAfterOtherSegmentsIsFound() {
        byte[] withExif = TestImages.spliceAfterSoi(JPEG, TestImages.exifSegment(6, false));
        byte[] withComment = TestImages.spliceAfterSoi(withExif, TestImages.comSegment("first"));
        assertEquals(6, ExifOrientation.of(withComment));
    }

    @Test
    void exifAfterTheScanIsIgnored() {
        int eoi = JPEG.length - 2;
        byte[] segment = TestImages.exifSegment(6, true);
        byte[] trailing = new byte[eoi + segment.length];
        System.arraycopy(JPEG, 0, trailing, 0, eoi);
        System.arraycopy(segment, 0, trailing, eoi, segment.length);
        assertEquals(1, ExifOrientation.of(trailing));
    }

    @Test
    void longTypedValueIsAccepted() {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 4).putInt(1).putInt(8).putInt(0);
        assertEquals(8, ExifOrientation.of(TestImages.spliceAfterSoi(JPEG, TestImages.app1(tiff.array()))));
    }

    @Test
    void ifdOffsetOutsideTheSegmentMeansNormal() {
        ByteBuffer tiff = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(0x7FFFFFF0);
        assertEquals(1, ExifOrientation.of(TestImages.spliceAfterSoi(JPEG, TestImages.app1(tiff.array()))));
    }

    @Test
    void entryCountBeyondTheSegmentMeansNormal() {
        ByteBuffer tiff = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 0xFFFF);
        assertEquals(1, ExifOrientation.of(TestImages.spliceAfterSoi(JPEG, TestImages.app1(tiff.array()))));
    }

    @Test
    void everyTruncationOfATaggedJpegIsSafe() {
        byte[] tagged = TestImages.spliceAfterSoi(JPEG, TestImages.exifSegment(6, true));
        int segmentEnd = 2 + TestImages.exifSegment(6, true).length;
        for (int length = 0; length <= tagged.length; length++) {
            int expected = length >= segmentEnd ? 6 : 1;
            assertEquals(expected, ExifOrientation.of(Arrays.copyOf(tagged, length)), "length " + length);
        }
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(7);
        byte[] tagged = TestImages.spliceAfterSoi(JPEG, TestImages.exifSegment(3, false));
        for (int i = 0; i < 5000; i++) {
            byte[] mutated = tagged.clone();
            for (int j = 0; j < 1 + random.nextInt(8); j++) {
                mutated[2 + random.nextInt(60)] = (byte) random.nextInt(256); // inside the Exif segment
            }
            int orientation = ExifOrientation.of(mutated);
            assertEquals(true, orientation >= 1 && orientation <= 8, "orientation " + orientation);
        }
        for (int i = 0; i < 1000; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            if (noise.length > 1) {
                noise[0] = (byte) 0xFF;
                noise[1] = (byte) 0xD8;
            }
            ExifOrientation.of(noise);
        }
        assertEquals(1, ExifOrientation.of(null));
    }
}
