package io.ipsync;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells failures that are worth another attempt from those that are not, by exception type, the
 * way Spring Kafka's {@code DefaultErrorHandler} classifies them: a failure is not retryable when
 * it, or any exception in its chain of causes, is a {@link NotRetryableException}, a
 * {@link MessageConversionException}, or an instance of one of the queue's
 * {@link QueueOptions#notRetryable()} types (subclasses included).
 */
final class FailureClassifier {

    private final Set<Class<? extends Throwable>> notRetryable;

    FailureClassifier(Set<Class<? extends Throwable>> notRetryable) {
        this.notRetryable = notRetryable;
    }

    /**
     * The exception in {@code failure}'s chain of causes, {@code failure} first, that makes it not
     * retryable; {@code null} when the failure is worth another attempt. A chain whose causes
     * loop is followed once round.
     */
    Throwable notRetryableCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            if (isNotRetryable(current)) {
                return current;
            }
        }
        return null;
    }

    private boolean isNotRetryable(Throwable exception) {
        if (exception instanceof NotRetryableException || exception instanceof MessageConversionException) {
            return true;
        }
        for (Class<? extends Throwable> type : notRetryable) {
            if (type.isInstance(exception)) {
                return true;
            }
        }
        return false;
    }
}
