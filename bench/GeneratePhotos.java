import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes COUNT photo-like JPEGs named user-NNNNN@DOMAIN.jpg into DIR for bench/import.sh, in a mix of
 * sizes an HR export holds: 40% up to 0.8 MP (badge photos), 30% 2-3 MP, 20% 8 MP and 10% 12 MP
 * (phone cameras). Each size is drawn a few times (gradient, shapes and fine grain, so that JPEG
 * sizes and decode costs are those of photos rather than of flat colour) and every file gets a
 * unique comment segment, so that all files differ (their SHA-256 too) while encoding stays fast.
 * <pre>java bench/GeneratePhotos.java DIR COUNT [DOMAIN]</pre>
 */
public class GeneratePhotos {

    /** width, height, share in percent */
    static final int[][] MIX = {
            {480, 600, 20}, {800, 1000, 20},
            {1200, 1600, 15}, {1536, 2048, 15},
            {2448, 3264, 20},
            {3000, 4000, 10}};
    static final int VARIANTS = 3;

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2) {
            System.err.println("usage: java bench/GeneratePhotos.java DIR COUNT [DOMAIN]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        String domain = args.length > 2 ? args[2] : "bench.example.com";
        Random random = new Random(20261203L);

        List<byte[]> bases = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (int[] size : MIX) {
            for (int v = 0; v < VARIANTS; v++) {
                bases.add(jpeg(draw(size[0], size[1], random)));
                weights.add(size[2]);
            }
        }
        long bytes = 0;
        int[] perSize = new int[MIX.length];
        for (int i = 0; i < count; i++) {
            // deterministic mix: photo i takes the size whose cumulative share covers i mod 100
            int slot = (int) ((i * 37L) % 100);
            int s = 0;
            for (int acc = MIX[0][2]; slot >= acc; acc += MIX[++s][2]) {
                // find the size
            }
            perSize[s]++;
            byte[] base = bases.get(s * VARIANTS + i % VARIANTS);
            byte[] photo = withComment(base, "bench photo " + i);
            bytes += photo.length;
            Files.write(dir.resolve(String.format(Locale.ROOT, "user-%05d@%s.jpg", i, domain)), photo);
        }
        StringBuilder mix = new StringBuilder();
        for (int s = 0; s < MIX.length; s++) {
            mix.append(String.format(Locale.ROOT, "%s%dx%d: %d", s == 0 ? "" : ", ", MIX[s][0], MIX[s][1], perSize[s]));
        }
        System.out.printf(Locale.ROOT, "generated %d photos, %.0f MB, mean %.0f KB (%s)%n", count, bytes / 1e6,
                bytes / 1e3 / Math.max(1, count), mix);
    }

    static BufferedImage draw(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width, height, new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        for (int k = 0; k < 40; k++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
            int w = width / 8 + random.nextInt(width / 3);
            int h = height / 8 + random.nextInt(height / 3);
            g.fillOval(random.nextInt(width) - w / 2, random.nextInt(height) - h / 2, w, h);
        }
        g.dispose();
        // fine grain, like sensor noise: keeps JPEG sizes and decode work near a real photo's
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(13) - 6;
                int p = row[x];
                row[x] = clamp((p >> 16 & 0xFF) + n) << 16 | clamp((p >> 8 & 0xFF) + n) << 8 | clamp((p & 0xFF) + n);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JPEG with a COM segment right after SOI. */
    static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        int length = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }
}
