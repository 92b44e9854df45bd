package io.ipsync.spring.annotation;

import java.util.List;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Customises how {@link IpsyncListener} methods are invoked, as {@code KafkaListenerConfigurer}
 * and {@code JmsListenerConfigurer} do for theirs: declare a bean of this type. Every such bean is
 * asked once, before the first listener method is resolved.
 *
 * <pre>{@code
 * @Bean
 * IpsyncListenerConfigurer tenantArgument() {
 *     return new IpsyncListenerConfigurer() {
 *         public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
 *             resolvers.add(new TenantArgumentResolver()); // fills a Tenant parameter from the "tenant" header
 *         }
 *     };
 * }
 * }</pre>
 */
public interface IpsyncListenerConfigurer {

    /**
     * Adds argument resolvers for parameters of listener methods. They are asked before ipsync's
     * own ({@code MessageMetadata}, {@code ReceivedMessage}) and spring-messaging's
     * ({@code @Header}, {@code @Headers}, {@code Message<T>}, the payload); a parameter one of them
     * supports is not taken for the payload when the method's signature is checked at startup.
     * The message they resolve from carries the payload as a {@link io.ipsync.JsonPayload} and the
     * message's headers (see {@link io.ipsync.spring.listener.IpsyncHeaders}).
     */
    default void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    }
}
