package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.BLUE;
import static org.portrait.images.control.TestImages.RED;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reader choice and subsampled decoding. */
class ImageDecoderTest {

    @ParameterizedTest
    @CsvSource({"jpeg, JPEG", "png, PNG", "gif, GIF", "bmp, BMP"})
    void sniffsTheFormatFromTheBytes(String written, ImageFormat expected) throws IOException {
        assertEquals(expected, chosenFor(TestImages.write(TestImages.photoLike(20, 10, 1), written)).format());
    }

    @Test
    void sniffsWebp() throws IOException {
        assertEquals(ImageFormat.WEBP, chosenFor(Base64.getDecoder().decode(ImageProcessorFormatsTest.WEBP_LOSSY)).format());
    }

    /** The JDK offers its own JPEG reader too; TwelveMonkeys' handles CMYK/YCCK and broken ICC profiles. */
    @Test
    void prefersTheTwelveMonkeysJpegReader() throws IOException {
        ImageDecoder.ChosenReader chosen = chosenFor(TestImages.jpeg(TestImages.photoLike(20, 10, 1)));
        assertTrue(chosen.reader().getClass().getName().startsWith("com.twelvemonkeys."),
                chosen.reader().getClass().getName());
    }

    @Test
    void decodesLargeImagesSubsampledButReportsTheHeaderSize() {
        DecodedImage decoded = ImageDecoder.decode(TestImages.jpeg(TestImages.halves(4000, 3000, RED, BLUE)),
                50_000_000L, 2048);

        assertEquals(4000, decoded.width());
        assertEquals(3000, decoded.height());
        assertEquals(2000, decoded.image().getWidth());
        assertEquals(1500, decoded.image().getHeight());
        TestImages.assertColour(RED, decoded.image(), 500, 750, 12);
        TestImages.assertColour(BLUE, decoded.image(), 1500, 750, 12);
    }

    private static ImageDecoder.ChosenReader chosenFor(byte[] data) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            ImageDecoder.ChosenReader chosen = ImageDecoder.chooseReader(in).orElseThrow();
            chosen.reader().dispose();
            return chosen;
        }
    }
}
