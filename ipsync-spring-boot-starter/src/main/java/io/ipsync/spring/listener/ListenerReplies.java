package io.ipsync.spring.listener;

import io.ipsync.MessageMetadata;

/**
 * Where the value a queue listener method returns goes: to its {@code @SendTo} queue, or to the
 * reply address the message carries; nowhere otherwise. Called after the method's work is done
 * and before its message is settled, so a reply that cannot be put fails the message (which is
 * retried), and a message is never acknowledged without its reply.
 */
@FunctionalInterface
public interface ListenerReplies {

    /** Ignores every return value. */
    ListenerReplies NONE = (endpoint, result, request) -> {
    };

    /**
     * @param endpoint the listener that returned it
     * @param result what the method returned (after waiting for a future or a {@code Mono}), or {@code null}
     * @param request the handled message's metadata, with its headers
     */
    void reply(IpsyncListenerEndpoint endpoint, Object result, MessageMetadata request) throws Exception;
}
