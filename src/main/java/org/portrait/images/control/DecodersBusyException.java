package org.portrait.images.control;

/**
 * Every decode slot stayed taken for the whole bounded wait: the server is saturated with uploads.
 * The client should retry later (503 with Retry-After); nothing was stored.
 */
public class DecodersBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DecodersBusyException(int slots, long waitedMillis) {
        super("All " + slots + " image decoders stayed busy for " + waitedMillis + " ms. Retry later.");
    }
}
