package io.ipsync.spring.listener;

import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Turns one {@link IpsyncListener} annotation into an {@link IpsyncListenerEndpoint}: resolves
 * {@code ${...}} placeholders and {@code #{...}} expressions in every attribute, converts each to
 * its type with an error that names the attribute, finds the channel, and checks the method's
 * signature against it.
 */
final class IpsyncListenerEndpointResolver {

    /** The most messages in one batch where {@code maxBatchSize} is not given. */
    static final int DEFAULT_MAX_BATCH_SIZE = 50;

    private final ConfigurableListableBeanFactory beanFactory;

    private final BeanExpressionContext expressionContext;

    /** Looked up when the first listener is resolved, so that the application's configurers exist by then. */
    private volatile IpsyncListenerMethodFactory methodFactory;

    IpsyncListenerEndpointResolver(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.expressionContext = new BeanExpressionContext(beanFactory, null);
    }

    IpsyncListenerEndpoint resolve(IpsyncListener annotation, Object bean, String beanName, Method method,
            Class<?> targetClass) {
        String methodName = ListenerMethodSignature.describe(method);
        String channelName = resolveString(annotation.value(), "value", methodName, "?");
        if (!StringUtils.hasText(channelName)) {
            throw new InvalidIpsyncListenerException(methodName, "", "no channel is named",
                    "Name a channel configured under ipsync.events, ipsync.data-events or ipsync.queues, "
                            + "for example @IpsyncListener(\"orders\").");
        }
        IpsyncChannels channels = beanFactory.getBean(IpsyncChannels.class);
        String configured = channels.names().isEmpty() ? "(none)" : String.join(", ", channels.names());
        ChannelDefinition channel = channels.find(channelName).orElseThrow(() -> new InvalidIpsyncListenerException(
                methodName, channelName, "no channel of that name is configured; the configured channels are: " + configured,
                "Configure it under ipsync.events, ipsync.data-events or ipsync.queues, or name one of the configured "
                        + "channels: " + configured + "."));
        InvocableHandlerMethod handlerMethod = methodFactory().createInvocableHandlerMethod(bean, method);
        int maxBatchSize = resolveMaxBatchSize(annotation, methodName, channel);
        ListenerMethodSignature signature = maxBatchSize > 0
                ? ListenerMethodSignature.ofBatch(method, handlerMethod.getMethodParameters(), targetClass, channel,
                        methodFactory())
                : ListenerMethodSignature.of(method, handlerMethod.getMethodParameters(), targetClass, channel,
                        methodFactory());
        String id = resolveString(annotation.id(), "id", methodName, channelName);
        if (!StringUtils.hasText(id)) {
            id = beanName + "." + method.getName();
        }
        int concurrency = resolveConcurrency(annotation.concurrency(), methodName, channel);
        boolean autoStartup = resolveAutoStartup(annotation.autoStartup(), methodName, channel);
        Set<Class<? extends Throwable>> notRetryable = resolveNotRetryable(annotation, methodName, channel);
        String replyTo = maxBatchSize > 0 ? null : resolveReplyTo(method, methodName, channels, channel);
        boolean orderedByKey = resolveFlag(annotation.orderedByKey(), "orderedByKey", methodName, channel, false);
        if (orderedByKey && (maxBatchSize > 0 || channel.kind() != io.ipsync.spring.channel.ChannelKind.QUEUE)) {
            throw attribute(methodName, channel.name(), "orderedByKey", "true",
                    "nothing but on a queue listener of one message per call");
        }
        return new IpsyncListenerEndpoint(id, channel, bean, method, signature, handlerMethod, notRetryable, replyTo,
                maxBatchSize, concurrency, autoStartup, orderedByKey);
    }

    /** 0 for a listener of one message per call; the batch's maximum size for a batch listener. */
    private int resolveMaxBatchSize(IpsyncListener annotation, String method, ChannelDefinition channel) {
        boolean isBatch = resolveFlag(annotation.batch(), "batch", method, channel, false);
        Object size = resolve(annotation.maxBatchSize());
        boolean sizeGiven = size != null && !(size instanceof String text && text.isBlank());
        if (!isBatch) {
            if (sizeGiven) {
                throw attribute(method, channel.name(), "maxBatchSize", size, "nothing unless batch = \"true\"");
            }
            return 0;
        }
        if (!sizeGiven) {
            return DEFAULT_MAX_BATCH_SIZE;
        }
        try {
            int parsed = size instanceof Number number ? number.intValue() : Integer.parseInt(size.toString().trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw attribute(method, channel.name(), "maxBatchSize", size, "a whole number of at least 1");
    }

    private IpsyncListenerMethodFactory methodFactory() {
        IpsyncListenerMethodFactory factory = methodFactory;
        if (factory == null) {
            factory = beanFactory.getBean(IpsyncListenerMethodFactory.class);
            methodFactory = factory;
        }
        return factory;
    }

    private Set<Class<? extends Throwable>> resolveNotRetryable(IpsyncListener annotation, String method,
            ChannelDefinition channel) {
        Set<Class<? extends Throwable>> types = new LinkedHashSet<>(Arrays.asList(annotation.notRetryable()));
        for (String name : annotation.notRetryableExceptions()) {
            Object resolved = resolve(name);
            if (resolved instanceof Class<?> type && Throwable.class.isAssignableFrom(type)) {
                types.add(type.asSubclass(Throwable.class));
                continue;
            }
            String className = resolved == null ? "" : resolved.toString().trim();
            try {
                Class<?> type = ClassUtils.forName(className, beanFactory.getBeanClassLoader());
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw attribute(method, channel.name(), "notRetryableExceptions", className,
                            "the name of an exception class (a Throwable)");
                }
                types.add(type.asSubclass(Throwable.class));
            } catch (ClassNotFoundException | LinkageError e) {
                throw attribute(method, channel.name(), "notRetryableExceptions", className,
                        "the fully qualified name of an exception class on the class path");
            }
        }
        if (!types.isEmpty() && channel.kind() != ChannelKind.QUEUE) {
            throw attribute(method, channel.name(), "notRetryable", types,
                    "nothing for the " + channel.describe() + " (only queue messages are retried)");
        }
        return types;
    }

    /** The queue named by {@code @SendTo}, checked to be a configured queue; {@code null} without one. */
    private String resolveReplyTo(Method method, String methodName, IpsyncChannels channels, ChannelDefinition channel) {
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
        if (sendTo == null) {
            return null;
        }
        if (channel.kind() != ChannelKind.QUEUE) {
            throw new InvalidIpsyncListenerException(methodName, channel.name(),
                    "@SendTo is for queue listeners; a listener of the " + channel.describe() + " has no one to reply to",
                    "Remove @SendTo, or listen to a queue.");
        }
        if (sendTo.value().length != 1) {
            throw new InvalidIpsyncListenerException(methodName, channel.name(),
                    "@SendTo names " + sendTo.value().length + " destinations, expected one queue",
                    "Name one queue configured under ipsync.queues, for example @SendTo(\"replies\").");
        }
        Object resolved = resolve(sendTo.value()[0]);
        String queue = resolved == null ? "" : resolved.toString().trim();
        boolean isQueue = channels.find(queue).map(found -> found.kind() == ChannelKind.QUEUE).orElse(false);
        if (!isQueue) {
            throw new InvalidIpsyncListenerException(methodName, channel.name(),
                    "its @SendTo names '" + queue + "', which is not a queue configured under ipsync.queues",
                    "Name one of the configured channels of kind queue: " + String.join(", ", channels.names()) + ".");
        }
        return queue;
    }

    private int resolveConcurrency(String value, String method, ChannelDefinition channel) {
        Object resolved = resolve(value);
        if (resolved == null || (resolved instanceof String text && text.isBlank())) {
            return channel.kind() == ChannelKind.QUEUE ? channel.concurrency() : 1;
        }
        int concurrency;
        if (resolved instanceof Number number) {
            concurrency = number.intValue();
        } else {
            try {
                concurrency = Integer.parseInt(resolved.toString().trim());
            } catch (NumberFormatException e) {
                throw attribute(method, channel.name(), "concurrency", resolved, "a whole number of at least 1");
            }
        }
        if (concurrency < 1) {
            throw attribute(method, channel.name(), "concurrency", resolved, "a whole number of at least 1");
        }
        if (concurrency > 1 && channel.kind() != ChannelKind.QUEUE) {
            throw attribute(method, channel.name(), "concurrency", resolved,
                    "1 for the " + channel.describe() + " (only queues spread work over threads)");
        }
        return concurrency;
    }

    private boolean resolveAutoStartup(String value, String method, ChannelDefinition channel) {
        return resolveFlag(value, "autoStartup", method, channel, channel.autoStartup());
    }

    /** A {@code "true"}/{@code "false"} attribute (placeholders and expressions resolved); {@code otherwise} when empty. */
    private boolean resolveFlag(String value, String attribute, String method, ChannelDefinition channel, boolean otherwise) {
        Object resolved = resolve(value);
        if (resolved == null || (resolved instanceof String text && text.isBlank())) {
            return otherwise;
        }
        if (resolved instanceof Boolean flag) {
            return flag;
        }
        String text = resolved.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw attribute(method, channel.name(), attribute, resolved, "true or false");
    }

    private String resolveString(String value, String attribute, String method, String channel) {
        Object resolved = resolve(value);
        if (resolved == null || resolved instanceof String) {
            return (String) resolved;
        }
        throw attribute(method, channel, attribute, resolved, "a String");
    }

    /** Placeholders first, then an expression, as Spring resolves annotation attributes. */
    private Object resolve(String value) {
        String placeholdersResolved = beanFactory.resolveEmbeddedValue(value);
        BeanExpressionResolver resolver = beanFactory.getBeanExpressionResolver();
        if (resolver == null || placeholdersResolved == null) {
            return placeholdersResolved;
        }
        return resolver.evaluate(placeholdersResolved, expressionContext);
    }

    private static InvalidIpsyncListenerException attribute(String method, String channel, String attribute, Object found,
            String expected) {
        return new InvalidIpsyncListenerException(method, channel,
                "its attribute '" + attribute + "' is '" + found + "', expected " + expected,
                "Set @IpsyncListener(" + attribute + " = ...) to " + expected + ".");
    }
}
