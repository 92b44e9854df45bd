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
 * @IpsyncListener("settings") void onSettings(ShopSettings settings) { ... }         // data event: the latest value
 * @IpsyncListener("reload")   void onReload() { ... }                                // event
 * }</pre>
 *
 * <p>The payload is converted with the application's {@code JsonMapper} to the parameter's
 * declared type, generics included; a {@code String} parameter gets the raw JSON text, a
 * {@code JsonNode} the tree, a {@link io.ipsync.JsonPayload} the payload itself. A queue listener
 * may also take the {@link io.ipsync.ReceivedMessage} to settle the message itself. A queue message
 * is acknowledged when the method returns (unless the method settled it); when it throws, the message is retried with the
 * channel's back-off and dead-lettered after its last attempt; a payload that cannot be converted,
 * an {@link io.ipsync.NotRetryableException} and the exceptions named by
 * {@code ipsync.not-retryable-exceptions} or the queue's {@code not-retryable-exceptions} (also as a
 * cause) are dead-lettered at once.
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
}
