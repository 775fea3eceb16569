package org.portrait.errors.entity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies up to a limit, so an oversized body is refused without being buffered whole. */
public final class BoundedBodies {

    private BoundedBodies() {
    }

    /**
     * @throws PayloadTooLargeException past {@code limit} bytes
     * @throws InvalidRequestException when the client's body ends early or the connection breaks
     */
    public static byte[] read(InputStream body, long limit) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try (body) {
            for (int read; (read = body.read(chunk)) != -1; ) {
                if (buffer.size() + (long) read > limit) {
                    throw new PayloadTooLargeException(limit);
                }
                buffer.write(chunk, 0, read);
            }
        } catch (IOException broken) {
            throw new InvalidRequestException("The request body could not be read completely.");
        }
        return buffer.toByteArray();
    }
}
