package io.ipsync.spring.core;

import io.ipsync.IpsyncException;

/**
 * No reply came within the timeout of {@link IpsyncOperations#sendAndReceive}. The request may
 * still be handled, and a reply that comes later is dropped.
 */
public class ReplyTimeoutException extends IpsyncException {

    private static final long serialVersionUID = 1L;

    public ReplyTimeoutException(String message) {
        super(message);
    }
}
