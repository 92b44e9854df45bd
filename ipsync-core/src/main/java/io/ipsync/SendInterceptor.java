package io.ipsync;

import java.util.Map;

/**
 * Runs around each put of one message ({@link JsonDataQueue#put(Object, Map) put}, {@code putAt}, {@code putLater}), on the putting
 * thread: to observe sends, or to add headers (a tracer's context, say) before the message is
 * stored. Set on {@link QueueOptions.Builder#sendInterceptor}; {@link #NONE} by default.
 * {@link JsonDataQueue#putAll} is not intercepted.
 *
 * <p>An interceptor calls {@code put} once, with the headers to store (the given ones, or a map
 * with more), and returns what it returns; what it adds must follow the rules of
 * {@link io.ipsync.spi.MessageHeaders}, which are checked again. What {@code put} throws, it lets through.
 */
@FunctionalInterface
public interface SendInterceptor {

    /** Puts the message as it is. */
    SendInterceptor NONE = (queue, headers, put) -> put.put(headers);

    /**
     * @param queue the queue's location
     * @param headers the message's checked headers, unmodifiable
     * @param put stores the message with the headers it is given, and returns its id
     * @return the message's id, as {@code put} returned it
     */
    String intercept(String queue, Map<String, String> headers, Put put);

    /** Stores the message being put. */
    @FunctionalInterface
    interface Put {

        /** Stores the message with these headers; returns its id in the queue. */
        String put(Map<String, String> headers);
    }
}
