package io.ipsync.spring.listener;

import io.ipsync.NotRetryableException;

/**
 * A failure of a listener method that the listener says is not worth another attempt (its
 * {@code @IpsyncListener(notRetryable = ...)} names its type or the type of one of its causes):
 * it wraps the failure, the cause, so that the message is dead-lettered on this attempt with a
 * reason that says so.
 */
public class ListenerNotRetryableException extends NotRetryableException {

    private static final long serialVersionUID = 1L;

    ListenerNotRetryableException(String listener, Throwable notRetryable, Throwable failure) {
        super(notRetryable.getClass().getName() + " is not retryable for listener '" + listener
                + "' (@IpsyncListener notRetryable): " + failure, failure);
    }
}
