package io.ipsync.spring.listener;

import io.ipsync.JsonPayload;
import io.ipsync.ReceivedMessage;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Reads a batch into a batch listener's {@code List<T>} or {@code List<Message<T>>}, each element
 * as a single payload is read. An element that cannot be read throws {@link UnreadableElement}:
 * the method is not called, and {@link ListenerMethodInvoker} gives the other messages back and
 * has that one dead-lettered.
 */
final class BatchConversion {

    interface ElementReader {
        Object read(JsonPayload payload, Class<?> targetClass, Type type);
    }

    private BatchConversion() {
    }

    static List<Object> read(BatchPayload batch, Object conversionHint, ElementReader reader) {
        ResolvableType element = elementType(conversionHint);
        boolean messages = Message.class.isAssignableFrom(element.toClass());
        ResolvableType payloadType = messages ? element.as(Message.class).getGeneric(0) : element;
        Class<?> payloadClass = payloadType.resolve(Object.class);
        Type type = payloadType.getType() instanceof Class<?> || payloadType.getType() instanceof java.lang.reflect.ParameterizedType
                ? payloadType.getType() : payloadClass;
        List<Object> elements = new ArrayList<>(batch.messages().size());
        for (int i = 0; i < batch.messages().size(); i++) {
            ReceivedMessage message = batch.messages().get(i);
            Object payload;
            try {
                payload = reader.read(message.payload(), payloadClass, type);
            } catch (RuntimeException e) {
                throw new UnreadableElement(i, e);
            }
            elements.add(messages ? new GenericMessage<>(payload, headers(message)) : payload);
        }
        return elements;
    }

    /** The element type of the {@code List} parameter (or of the {@code List} a {@code Message} carries). */
    private static ResolvableType elementType(Object conversionHint) {
        if (!(conversionHint instanceof MethodParameter parameter)) {
            return ResolvableType.forClass(Object.class);
        }
        ResolvableType type = ResolvableType.forMethodParameter(parameter);
        if (Message.class.isAssignableFrom(type.toClass())) {
            type = type.as(Message.class).getGeneric(0);
        }
        return type.asCollection().getGeneric(0);
    }

    private static Map<String, Object> headers(ReceivedMessage message) {
        Map<String, Object> headers = new HashMap<>(message.metadata().headers());
        headers.put(IpsyncHeaders.METADATA, message.metadata());
        headers.put(IpsyncHeaders.RECEIVED_MESSAGE, message);
        return headers;
    }

    /** Element {@code index} of a batch cannot be read; the cause says why. */
    static final class UnreadableElement extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int index;

        UnreadableElement(int index, RuntimeException cause) {
            super("Element " + index + " of the batch cannot be read: " + cause.getMessage(), cause);
            this.index = index;
        }

        int index() {
            return index;
        }
    }
}
