package io.ipsync.spring.listener;

import io.ipsync.spring.channel.ChannelDefinition;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * One resolved {@code @IpsyncListener} method: everything needed to build its container. A value;
 * it does nothing by itself.
 *
 * @param id the listener's id
 * @param channel the channel it listens to
 * @param bean the bean whose method is called
 * @param method the method, invocable on {@code bean}
 * @param signature how the method's parameters are filled
 * @param concurrency the number of listener threads
 * @param autoStartup whether it starts with the context
 */
public record IpsyncListenerEndpoint(
        String id,
        ChannelDefinition channel,
        Object bean,
        Method method,
        ListenerMethodSignature signature,
        int concurrency,
        boolean autoStartup) {

    public IpsyncListenerEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(signature, "signature");
    }

    /** The method as people write it: {@code OrderHandler.onOrder(Order)}. */
    public String describeMethod() {
        return ListenerMethodSignature.describe(method);
    }
}
