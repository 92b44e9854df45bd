package io.ipsync.spring.listener;

import io.ipsync.JsonPayload;
import io.ipsync.MessageConversionException;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.listener.BatchFailedException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.messaging.support.GenericMessage;

/**
 * Calls one listener method for a signal, a value or a queue message: makes the spring-messaging
 * {@link Message} its arguments are resolved from (the payload as a {@link JsonPayload}, the
 * message's headers, and {@link IpsyncHeaders}), invokes it, waits for the work it hands back
 * ({@link ListenerResults}), and hands the result to {@link ListenerReplies}. Returns when all of
 * that is done, so the container settles the message then.
 *
 * <p>Failures are thrown for the container to settle the message by: a payload that cannot be
 * converted as ipsync's {@link MessageConversionException}, a {@code @Valid} payload that is not
 * as an {@link InvalidPayloadException}, a failure this listener says is not retryable as a
 * {@link ListenerNotRetryableException} (all three dead-lettered at once), anything else as it is.
 */
final class ListenerMethodInvoker {

    private final IpsyncListenerEndpoint endpoint;

    private final ListenerReplies replies;

    ListenerMethodInvoker(IpsyncListenerEndpoint endpoint, ListenerReplies replies) {
        this.endpoint = endpoint;
        this.replies = replies;
    }

    /** An event's signal. */
    void onSignal() throws Exception {
        invoke(new GenericMessage<>(endpoint.channel().name(), Map.of(IpsyncHeaders.CHANNEL, endpoint.channel().name())));
    }

    /** A data event's new value. */
    void onValue(JsonPayload value) throws Exception {
        invoke(new GenericMessage<>(value, Map.of(IpsyncHeaders.CHANNEL, endpoint.channel().name())));
    }

    /** A queue message, settled by the container when this returns or throws (unless the method settled it). */
    void onMessage(ReceivedMessage message) throws Exception {
        MessageMetadata metadata = message.metadata();
        Map<String, Object> headers = new HashMap<>(metadata.headers().size() + 4);
        headers.putAll(metadata.headers());
        headers.put(IpsyncHeaders.METADATA, metadata);
        headers.put(IpsyncHeaders.RECEIVED_MESSAGE, message);
        headers.put(IpsyncHeaders.CHANNEL, endpoint.channel().name());
        Object result;
        try {
            result = invoke(new GenericMessage<>(message.payload(), headers));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw notRetryableForThisListener(e);
        }
        replies.reply(endpoint, result, metadata);
    }

    /** A batch of queue messages, settled by the container when this returns or throws. */
    void onBatch(List<ReceivedMessage> messages) throws Exception {
        Map<String, Object> headers = Map.of(IpsyncHeaders.CHANNEL, endpoint.channel().name(),
                IpsyncHeaders.RECEIVED_MESSAGES, messages);
        try {
            invoke(new GenericMessage<>(new BatchPayload(messages), headers));
        } catch (InterruptedException e) {
            throw e;
        } catch (BatchConversion.UnreadableElement e) {
            // the method never ran: none of the others was handled, so they go back, without the unreadable one
            for (int i = 0; i < messages.size(); i++) {
                if (i != e.index() && !messages.get(i).isSettled()) {
                    messages.get(i).release();
                }
            }
            throw new BatchFailedException(e.index(), e.getCause());
        } catch (BatchFailedException e) {
            Exception cause = e.getCause() instanceof Exception exception ? notRetryableForThisListener(exception) : null;
            throw cause == null || cause == e.getCause() ? e : new BatchFailedException(e.index(), cause);
        } catch (Exception e) {
            throw notRetryableForThisListener(e);
        }
    }

    private Object invoke(Message<?> message) throws Exception {
        Object returned;
        try {
            returned = endpoint.handlerMethod().invoke(message);
        } catch (MethodArgumentNotValidException e) {
            throw new InvalidPayloadException(endpoint.id(), e);
        } catch (org.springframework.messaging.converter.MessageConversionException
                | MethodArgumentResolutionException e) {
            throw new MessageConversionException("Cannot read the message for listener '" + endpoint.id() + "' ("
                    + endpoint.describeMethod() + "): " + e.getMessage(), e);
        }
        return ListenerResults.await(returned);
    }

    private Exception notRetryableForThisListener(Exception failure) {
        Set<Class<? extends Throwable>> types = endpoint.notRetryable();
        if (types.isEmpty()) {
            return failure;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(current)) {
                    return new ListenerNotRetryableException(endpoint.id(), current, failure);
                }
            }
        }
        return failure;
    }
}
