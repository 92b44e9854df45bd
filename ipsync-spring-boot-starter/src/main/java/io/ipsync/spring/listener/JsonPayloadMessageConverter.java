package io.ipsync.spring.listener;

import io.ipsync.JsonPayload;
import io.ipsync.MessageConversionException;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@link JsonPayload} of a received message into a listener parameter's declared type,
 * generics included (from the {@link MethodParameter} that spring-messaging passes as the
 * conversion hint, for a payload parameter and for the payload of a {@code Message<T>}): a
 * {@code String} gets the raw JSON text, a {@link JsonNode} the tree, any other type is read by
 * the payload itself, that is with the application's {@code JsonMapper} that its channel was
 * opened with. A payload that does not fit throws ipsync's {@link MessageConversionException},
 * which is never retried. Reading only: listener methods do not convert to messages.
 */
final class JsonPayloadMessageConverter implements SmartMessageConverter {

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass) {
        return fromMessage(message, targetClass, null);
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
        if (message.getPayload() instanceof BatchPayload batch) {
            return BatchConversion.read(batch, conversionHint, this::read);
        }
        if (!(message.getPayload() instanceof JsonPayload payload)) {
            return null;
        }
        return read(payload, targetClass, targetType(targetClass, conversionHint));
    }

    /** The payload as {@code targetClass}, of the (possibly generic) type {@code type}. */
    Object read(JsonPayload payload, Class<?> targetClass, Type type) {
        if (targetClass == JsonPayload.class) {
            return payload;
        }
        if (targetClass == String.class) {
            return payload.text();
        }
        if (JsonNode.class.isAssignableFrom(targetClass)) {
            JsonNode node = payload.asNode();
            if (!targetClass.isInstance(node)) {
                throw new MessageConversionException("Cannot read " + payload.source() + " as " + targetClass.getName()
                        + ": it holds a " + node.getNodeType(), null);
            }
            return node;
        }
        return payload.as(type);
    }

    /** The declared type with its generics where the hint gives it; the class otherwise. */
    static Type targetType(Class<?> targetClass, Object conversionHint) {
        if (!(conversionHint instanceof MethodParameter parameter)) {
            return targetClass;
        }
        ResolvableType type = ResolvableType.forMethodParameter(parameter.nestedIfOptional());
        if (Message.class.isAssignableFrom(type.toClass())) {
            type = type.as(Message.class).getGeneric(0);
        }
        if (type.resolve() != targetClass || type.getType() instanceof java.lang.reflect.TypeVariable<?>) {
            return targetClass; // a type variable the bean's class binds: its bound class
        }
        return type.getType();
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers) {
        return null;
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
        return null;
    }
}
