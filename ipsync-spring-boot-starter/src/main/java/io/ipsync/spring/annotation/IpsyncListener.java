package io.ipsync.spring.annotation;

import io.ipsync.spring.listener.IpsyncListenerReflectiveProcessor;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method to be called for a configured ipsync channel, the way {@code @KafkaListener} and
 * {@code @JmsListener} mark theirs. The channel is named by its entry under {@code ipsync.events},
 * {@code ipsync.data-events} or {@code ipsync.queues}, and its kind decides the signature:
 *
 * <pre>{@code
 * @IpsyncListener("orders")   void onOrder(Order order) { ... }                       // queue: one message per call
 * @IpsyncListener("orders")   void onOrder(Order order, MessageMetadata meta) { ... } // ... with name, producer, attempt
 * @IpsyncListener("orders")   void onOrder(@Valid Order order, @Header("tenant") String tenant) { ... }
 * @IpsyncListener("orders")   void onOrder(Message<Order> message) { ... }            // spring-messaging Message
 * @IpsyncListener("orders")   Mono<Void> onOrder(Order order) { ... }                 // settled when the work is done
 * @IpsyncListener("orders") @SendTo("receipts") Receipt onOrder(Order order) { ... } // the receipt goes to a queue
 * @IpsyncListener("settings") void onSettings(ShopSettings settings) { ... }         // data event: the latest value
 * @IpsyncListener("reload")   void onReload() { ... }                                // event
 * }</pre>
 *
 * <p>The method is invoked through spring-messaging's {@code InvocableHandlerMethod}, as
 * {@code @KafkaListener} methods are: {@code @Payload}, {@code @Header("name")},
 * {@code @Headers Map}, {@code Message<T>}, {@link io.ipsync.MessageMetadata} and
 * {@link io.ipsync.ReceivedMessage} parameters, and those of the application's own argument
 * resolvers ({@link IpsyncListenerConfigurer}). A {@code @Valid} (or {@code @Validated}) payload
 * is validated with the application's Bean Validation; one that is not valid never reaches the
 * method and is dead-lettered at once, the violations in the reason. A method that returns a
 * {@code CompletableFuture}, a {@code CompletionStage}, a {@code Future} or a Reactor {@code Mono}
 * has its message settled when that completes (a {@code Flux} fails startup); a Kotlin
 * {@code suspend} function when it returns (it needs kotlinx-coroutines-reactor). What a method
 * returns goes to the queue its {@code @SendTo} names, or to the reply address its message
 * carries, and is otherwise ignored.
 *
 * <p>The payload is converted with the application's {@code JsonMapper} to the parameter's
 * declared type, generics included; a {@code String} parameter gets the raw JSON text, a
 * {@code JsonNode} the tree, a {@link io.ipsync.JsonPayload} the payload itself. A queue listener
 * may also take the {@link io.ipsync.ReceivedMessage} to settle the message itself. A queue message
 * is acknowledged when the method returns (unless the method settled it); when it throws, the message is retried with the
 * channel's back-off and dead-lettered after its last attempt; a payload that cannot be converted,
 * an {@link io.ipsync.NotRetryableException} and the exceptions named by
 * {@code ipsync.not-retryable-exceptions}, the queue's {@code not-retryable-exceptions} or this
 * listener's {@link #notRetryable()} (also as a cause) are dead-lettered at once.
 *
 * <p>Every attribute accepts {@code ${...}} placeholders and {@code #{...}} expressions. A method
 * whose signature does not fit its channel, or a channel name that is not configured, fails the
 * application's startup with a message naming both.
 *
 * <p>Under AOT processing, each such method and the types its payload is read into get the
 * reflection hints a native image needs ({@link IpsyncListenerReflectiveProcessor}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(IpsyncListenerReflectiveProcessor.class)
public @interface IpsyncListener {

    /** The channel's name: an entry under {@code ipsync.events}, {@code ipsync.data-events} or {@code ipsync.queues}. */
    @AliasFor("channel")
    String value() default "";

    /** Alias of {@link #value()}. */
    @AliasFor("value")
    String channel() default "";

    /**
     * The listener's id, under which the {@link io.ipsync.spring.listener.IpsyncListenerEndpointRegistry}
     * finds its container and which names its threads ({@code ipsync-<id>-<n>}). Defaults to
     * {@code <bean name>.<method name>}.
     */
    String id() default "";

    /**
     * How many threads call the method concurrently (queues only); overrides the channel's
     * {@code concurrency}.
     */
    String concurrency() default "";

    /**
     * Whether the listener starts with the application context ({@code "true"} or
     * {@code "false"}); overrides the channel's {@code auto-startup}. A listener that does not
     * start automatically can be started through the registry.
     */
    String autoStartup() default "";

    /**
     * Exception types that this listener's queue messages are never retried for: a failure of
     * one of these types (subclasses included), itself or anywhere among its causes, is
     * dead-lettered on its first attempt, with a reason saying it was not retried. Adds to
     * {@code ipsync.not-retryable-exceptions} and the queue's {@code not-retryable-exceptions}.
     */
    Class<? extends Throwable>[] notRetryable() default {};

    /**
     * As {@link #notRetryable()}, by fully qualified class name; each accepts {@code ${...}}
     * placeholders and {@code #{...}} expressions. A name that is not a loadable
     * {@code Throwable} fails startup.
     */
    String[] notRetryableExceptions() default {};

    /**
     * Whether the method takes the queue's messages a batch at a time ({@code "true"}): it takes a
     * {@code List<T>} or a {@code List<Message<T>>}, which holds what is waiting when the first
     * message comes, up to {@link #maxBatchSize()}. All are acknowledged when the method returns;
     * when it throws {@link io.ipsync.listener.BatchFailedException}, those before the failed
     * element are acknowledged, it is retried or dead-lettered by the cause, and those after it are
     * given back; when it throws anything else, each is retried or dead-lettered. Return values of
     * batch methods are not replies.
     */
    String batch() default "";

    /** The most messages in one batch ({@code batch = "true"} only); 50 by default. */
    String maxBatchSize() default "";

    /**
     * Whether a queue listener keeps the order of each ordering key ({@code "true"}): messages
     * that carry the same {@link io.ipsync.MessageMetadata#ORDERING_KEY_HEADER} (set by the sender,
     * as {@code IpsyncOperations.sendOrdered(queue, key, payload)} does) are handled one after another in
     * the order they were taken, also with a {@link #concurrency()} above 1, while other keys run
     * side by side; a failed one is retried in place. See
     * {@link io.ipsync.listener.ContainerOptions.Builder#orderedByKey(boolean)} for the rules and
     * limits (within one consuming process). Not for batch listeners.
     */
    String orderedByKey() default "";
}
