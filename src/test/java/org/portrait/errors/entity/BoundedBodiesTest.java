package org.portrait.errors.entity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Bodies are read up to the limit and no further: an endless body costs the limit plus one read. */
class BoundedBodiesTest {

    /** An endless body that counts what was taken from it. */
    static final class Endless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            served += length;
            return length;
        }
    }

    @Test
    void anEndlessBodyIsCutOffJustPastTheLimit() {
        Endless body = new Endless();
        long limit = 4L * 1024 * 1024;
        assertThrows(PayloadTooLargeException.class, () -> BoundedBodies.read(body, limit));
        assertTrue(body.served <= limit + 64 * 1024, "read " + body.served + " bytes for a limit of " + limit);
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        byte[] exact = new byte[1000];
        assertArrayEquals(exact, BoundedBodies.read(new ByteArrayInputStream(exact), 1000));
        assertThrows(PayloadTooLargeException.class, () -> BoundedBodies.read(new ByteArrayInputStream(new byte[1001]), 1000));
    }

    @Test
    void aBrokenBodyIsABadRequest() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThrows(InvalidRequestException.class, () -> BoundedBodies.read(broken, 1000));
    }
}
