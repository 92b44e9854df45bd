package io.ipsync.sample.worker;

import io.ipsync.NotRetryableException;

/**
 * An order that will never ship, however often it is tried: being a {@link NotRetryableException},
 * it has ipsync dead-letter the order on the attempt that threw it, with this message as the reason.
 */
class BadOrderException extends NotRetryableException {

    private static final long serialVersionUID = 1L;

    BadOrderException(String message) {
        super(message);
    }
}
