package io.ipsync.spring.listener;

import io.ipsync.spring.channel.ChannelDefinition;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Set;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * One resolved {@code @IpsyncListener} method: everything needed to build its container. A value;
 * it does nothing by itself.
 *
 * @param id the listener's id
 * @param channel the channel it listens to
 * @param bean the bean whose method is called
 * @param method the method, invocable on {@code bean}
 * @param signature what the method takes and returns, checked against the channel
 * @param handlerMethod the method as spring-messaging invokes it, its arguments resolved from each message
 * @param notRetryable the exception types whose failures (themselves or as a cause) this listener
 *        never retries, besides the queue's; empty for none
 * @param replyTo the queue its return values are put on ({@code @SendTo}), or {@code null}
 * @param maxBatchSize the most messages per call of a batch listener; 0 for a listener of one message per call
 * @param concurrency the number of listener threads
 * @param autoStartup whether it starts with the context
 * @param orderedByKey whether its container keeps the order of each ordering key
 */
public record IpsyncListenerEndpoint(
        String id,
        ChannelDefinition channel,
        Object bean,
        Method method,
        ListenerMethodSignature signature,
        InvocableHandlerMethod handlerMethod,
        Set<Class<? extends Throwable>> notRetryable,
        String replyTo,
        int maxBatchSize,
        int concurrency,
        boolean autoStartup,
        boolean orderedByKey) {

    public IpsyncListenerEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(handlerMethod, "handlerMethod");
        notRetryable = Set.copyOf(Objects.requireNonNull(notRetryable, "notRetryable"));
    }

    /** An endpoint whose container takes no heed of ordering keys. */
    public IpsyncListenerEndpoint(String id, ChannelDefinition channel, Object bean, Method method,
            ListenerMethodSignature signature, InvocableHandlerMethod handlerMethod, Set<Class<? extends Throwable>> notRetryable,
            String replyTo, int maxBatchSize, int concurrency, boolean autoStartup) {
        this(id, channel, bean, method, signature, handlerMethod, notRetryable, replyTo, maxBatchSize, concurrency,
                autoStartup, false);
    }

    /** Whether the method takes a batch of messages per call. */
    public boolean isBatch() {
        return maxBatchSize > 0;
    }

    /** The method as people write it: {@code OrderHandler.onOrder(Order)}. */
    public String describeMethod() {
        return ListenerMethodSignature.describe(method);
    }
}
