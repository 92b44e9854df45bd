package io.ipsync.spring.listener;

import io.ipsync.ReceivedMessage;
import java.util.List;

/**
 * The payload of the message a batch listener method is invoked with: the batch's messages, read
 * into the method's {@code List<T>} or {@code List<Message<T>>} by {@link JsonPayloadMessageConverter}.
 * Not a {@code List} itself, so that spring-messaging converts it rather than handing it over as it is.
 *
 * @param messages the batch, in the order taken
 */
record BatchPayload(List<ReceivedMessage> messages) {
}
