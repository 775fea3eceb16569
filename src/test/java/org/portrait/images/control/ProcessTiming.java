package org.portrait.images.control;

import java.util.Arrays;

/**
 * Not a test: a manual measurement of {@link ImageProcessor#process} on a generated 4000x3000 JPEG.
 * Run with {@code java -cp target/test-classes:target/classes:<deps> org.portrait.images.control.ProcessTiming}.
 */
public final class ProcessTiming {

    private ProcessTiming() {
    }

    public static void main(String[] args) {
        byte[] upload = TestImages.jpeg(TestImages.photoLike(4000, 3000, 1));
        ImageProcessor processor = new ImageProcessor();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long[] millis = new long[runs];
        for (int i = 0; i < 5; i++) {
            processor.process(upload, TestImages.GRAPH_SIDES); // warm-up
        }
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            processor.process(upload, TestImages.GRAPH_SIDES);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("4000x3000 JPEG (%d KB) -> original + 9 squares: median %d ms, min %d ms, max %d ms over %d runs%n",
                upload.length / 1024, millis[runs / 2], millis[0], millis[runs - 1], runs);
    }
}
