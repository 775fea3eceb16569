package org.portrait.images.control;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The upload's bytes for an ImageIO reader, with a deadline check before each read. For the JPEG reader
 * they come in small pieces ({@link #inSmallPieces()}): libjpeg's native code only comes back to Java
 * to fetch more input, so the smaller the piece, the sooner it notices the deadline. TwelveMonkeys'
 * reader, preferred when registered, gathers pieces back into the 4 KiB the JDK decoder asks for, so
 * there the scan-pixel limit of {@link JpegStructure} bounds the work per piece. Other readers get what
 * they ask for (the JDK BMP reader ignores short reads). Also spares the copy that
 * {@code MemoryCacheImageInputStream} makes of bytes we already hold.
 */
final class DeadlineImageInputStream extends ImageInputStreamImpl {

    /** About 6 minimal SOS headers; one read per 64 bytes costs about 3 ms for a 200 KB photo. */
    static final int MAX_PIECE = 64;

    /** Single-byte reads are cheap: look at the clock on every this many of them only. */
    private static final int SINGLE_READS_PER_CHECK = 4096;

    private final byte[] data;
    private final DecodeDeadline deadline;
    private int singleReads;
    private int maxPiece = Integer.MAX_VALUE;

    DeadlineImageInputStream(byte[] data, DecodeDeadline deadline) {
        this.data = data;
        this.deadline = deadline;
    }

    /** From now on, reads return at most {@link #MAX_PIECE} bytes. */
    void inSmallPieces() {
        maxPiece = MAX_PIECE;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        if (++singleReads % SINGLE_READS_PER_CHECK == 0) {
            checkDeadline();
        }
        bitOffset = 0;
        if (streamPos >= data.length) {
            return -1;
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkClosed();
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException();
        }
        checkDeadline();
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return -1;
        }
        int count = (int) Math.min(Math.min(length, maxPiece), data.length - streamPos);
        System.arraycopy(data, (int) streamPos, buffer, offset, count);
        streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return data.length;
    }

    private void checkDeadline() throws IOException {
        if (deadline.passed()) {
            throw new DeadlinePassed();
        }
    }

    /** Thrown into the reader, which wraps or rethrows it; the caller asks the deadline, not the exception. */
    static final class DeadlinePassed extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed() {
            super("decode deadline passed", null);
        }
    }
}
