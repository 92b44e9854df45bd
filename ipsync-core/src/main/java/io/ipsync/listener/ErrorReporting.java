package io.ipsync.listener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls an error handler so that its own failure cannot end a listener thread. */
final class ErrorReporting {

    private static final Logger log = LoggerFactory.getLogger(ErrorReporting.class);

    private ErrorReporting() {
    }

    static void report(ListenerErrorHandler errorHandler, ListenerFailure failure) {
        try {
            errorHandler.handleError(failure);
        } catch (Throwable e) {
            if (e != failure.error()) {
                e.addSuppressed(failure.error());
            }
            log.error("The error handler of listener {} failed (it rethrew or threw)", failure.containerId(), e);
        }
    }
}
