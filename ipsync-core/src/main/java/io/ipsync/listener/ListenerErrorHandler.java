package io.ipsync.listener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told about every failure in a listener container, after the container has dealt with the
 * message (retry or dead letter). Use it for logging, alerting or metrics. It runs on the
 * listener's thread; an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ListenerErrorHandler {

    /** Logs each failure at WARN, naming the container, the channel and the message. */
    ListenerErrorHandler LOGGING = new ListenerErrorHandler() {

        private final Logger log = LoggerFactory.getLogger(ListenerErrorHandler.class);

        @Override
        public void handleError(ListenerFailure failure) {
            if (failure.message() != null) {
                log.warn("Listener {} failed on {} (attempt {}) from {}: {}", failure.containerId(),
                        failure.message().name(), failure.message().attempt(), failure.channel(), failure.settlement(),
                        failure.error());
            } else {
                log.warn("Listener {} failed on {}", failure.containerId(), failure.channel(), failure.error());
            }
        }
    };

    void handleError(ListenerFailure failure);
}
