package io.ipsync.spring.listener;

import io.ipsync.JsonPayload;
import io.ipsync.MessageConversionException;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.channel.ChannelDefinition;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import tools.jackson.databind.JsonNode;

/**
 * What an {@code @IpsyncListener} method takes, checked against its channel's kind once at
 * startup, and how to fill its parameters for each call:
 * <ul>
 * <li>event: no parameters;
 * <li>data event: no parameter, or the value;
 * <li>queue: the message's payload, optionally a {@link MessageMetadata}, and optionally the
 * {@link ReceivedMessage} itself, to settle it by hand (as Spring Kafka's {@code Acknowledgment});
 * a message the method leaves unsettled is acknowledged when it returns.
 * </ul>
 * A method that returns a {@link CompletionStage} or a {@link Future} has done its work when that
 * completes: the message is settled then, by how it completed. An {@code @Async} method must
 * return one (it would return at once, and its message be acknowledged before the work is done).
 * The payload parameter's declared type (generics included) decides the conversion:
 * {@link JsonPayload} as it is, {@code String} the raw JSON text, {@link JsonNode} the tree, any
 * other type through the {@code JsonMapper}.
 */
public final class ListenerMethodSignature {

    private enum Conversion { PAYLOAD, TEXT, TREE, MAPPED }

    private final int parameterCount;

    private final int payloadIndex;

    private final int metadataIndex;

    private final int messageIndex;

    private final Type payloadType;

    private final Conversion conversion;

    private ListenerMethodSignature(int parameterCount, int payloadIndex, int metadataIndex, int messageIndex,
            Type payloadType) {
        this.parameterCount = parameterCount;
        this.payloadIndex = payloadIndex;
        this.metadataIndex = metadataIndex;
        this.messageIndex = messageIndex;
        this.payloadType = payloadType;
        this.conversion = conversionFor(payloadType);
    }

    /**
     * Checks the method against the channel.
     *
     * @param targetClass the bean's class, to resolve generic parameter types declared by a superclass
     * @throws InvalidIpsyncListenerException naming the method and the channel when the signature does not fit
     */
    public static ListenerMethodSignature of(Method method, Class<?> targetClass, ChannelDefinition channel) {
        int count = method.getParameterCount();
        int metadataIndex = -1;
        int messageIndex = -1;
        int payloadIndex = -1;
        for (int i = 0; i < count; i++) {
            if (method.getParameterTypes()[i] == MessageMetadata.class) {
                if (metadataIndex >= 0) {
                    throw invalid(method, channel, "it takes more than one MessageMetadata parameter");
                }
                metadataIndex = i;
            } else if (method.getParameterTypes()[i] == ReceivedMessage.class) {
                if (messageIndex >= 0) {
                    throw invalid(method, channel, "it takes more than one ReceivedMessage parameter");
                }
                messageIndex = i;
            } else if (payloadIndex >= 0) {
                throw invalid(method, channel, "it takes more than one payload parameter");
            } else {
                payloadIndex = i;
            }
        }
        switch (channel.kind()) {
            case EVENT -> {
                if (count > 0) {
                    throw invalid(method, channel, "a listener of an event takes no parameters");
                }
            }
            case DATA_EVENT -> {
                if (metadataIndex >= 0 || messageIndex >= 0) {
                    throw invalid(method, channel, "a listener of a data event takes at most the value; "
                            + "MessageMetadata and ReceivedMessage are for queue messages");
                }
            }
            case QUEUE -> {
                if (payloadIndex < 0 && messageIndex < 0) {
                    throw invalid(method, channel,
                            "a listener of a queue takes the message's payload (or the ReceivedMessage) as a parameter");
                }
            }
        }
        if (isAsync(method, targetClass) && !returnsCompletion(method)) {
            throw invalid(method, channel, "it is @Async and returns nothing to wait for, so its message would be settled"
                    + " before the work is done; return a CompletableFuture, or drop @Async");
        }
        Type payloadType = payloadIndex < 0 ? null
                : ResolvableType.forMethodParameter(method, payloadIndex, targetClass).getType();
        return new ListenerMethodSignature(count, payloadIndex, metadataIndex, messageIndex, payloadType);
    }

    /**
     * The arguments of one call.
     *
     * @param payload the message or value, or {@code null} for an event
     * @param metadata the message's metadata, or {@code null}
     * @param message the queue message, or {@code null}
     * @throws MessageConversionException when the payload does not fit the parameter's type
     */
    public Object[] arguments(JsonPayload payload, MessageMetadata metadata, ReceivedMessage message) {
        Object[] arguments = new Object[parameterCount];
        if (payloadIndex >= 0) {
            arguments[payloadIndex] = convert(payload);
        }
        if (metadataIndex >= 0) {
            arguments[metadataIndex] = metadata;
        }
        if (messageIndex >= 0) {
            arguments[messageIndex] = message;
        }
        return arguments;
    }

    private Object convert(JsonPayload payload) {
        return switch (conversion) {
            case PAYLOAD -> payload;
            case TEXT -> payload.text();
            case TREE -> {
                JsonNode node = payload.asNode();
                Class<?> wanted = ResolvableType.forType(payloadType).toClass();
                if (!wanted.isInstance(node)) {
                    throw new MessageConversionException("Cannot read " + payload.source() + " as " + wanted.getName()
                            + ": it holds a " + node.getNodeType(), null);
                }
                yield node;
            }
            case MAPPED -> payload.as(payloadType);
        };
    }

    /**
     * Whether a parameter of this type is a payload that the {@code JsonMapper} reads into (and so
     * needs reflection in a native image), rather than one that ipsync fills itself.
     */
    static boolean isMappedPayload(Class<?> parameterType) {
        return parameterType != MessageMetadata.class && parameterType != ReceivedMessage.class
                && conversionFor(parameterType) == Conversion.MAPPED;
    }

    private static Conversion conversionFor(Type type) {
        if (type == null) {
            return Conversion.MAPPED;
        }
        Class<?> raw = ResolvableType.forType(type).toClass();
        if (raw == JsonPayload.class) {
            return Conversion.PAYLOAD;
        }
        if (raw == String.class) {
            return Conversion.TEXT;
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return Conversion.TREE;
        }
        return Conversion.MAPPED;
    }

    /** {@code Type.method(ParameterTypes)}, as error messages name a method. */
    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getGenericParameterTypes()).map(ListenerMethodSignature::simpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String simpleName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName().replaceAll("[\\w.]+\\.(\\w+)", "$1");
    }

    private static boolean isAsync(Method method, Class<?> targetClass) {
        Class<?> beanClass = targetClass != null ? targetClass : method.getDeclaringClass();
        return AnnotatedElementUtils.hasAnnotation(method, Async.class) || AnnotatedElementUtils.hasAnnotation(beanClass, Async.class);
    }

    private static boolean returnsCompletion(Method method) {
        Class<?> returned = method.getReturnType();
        return CompletionStage.class.isAssignableFrom(returned) || Future.class.isAssignableFrom(returned);
    }

    private static InvalidIpsyncListenerException invalid(Method method, ChannelDefinition channel, String problem) {
        String expected = switch (channel.kind()) {
            case EVENT -> "void " + method.getName() + "()";
            case DATA_EVENT -> "void " + method.getName() + "(YourValue value) or void " + method.getName() + "()";
            case QUEUE -> "void " + method.getName() + "(YourMessage message), optionally with a MessageMetadata "
                    + "and a ReceivedMessage parameter";
        };
        return new InvalidIpsyncListenerException(describe(method), channel.name(),
                "its signature does not fit the " + channel.describe() + ": " + problem,
                "Declare the method as " + expected + ".");
    }
}
