package io.ipsync.spring.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;

/**
 * Sending to ipsync channels by the name of their entry in {@code application.yml}: messages to
 * the queues under {@code ipsync.queues}, signals to the events under {@code ipsync.events},
 * values to the data events under {@code ipsync.data-events}. Implemented by {@link IpsyncTemplate},
 * as {@code KafkaOperations} is by {@code KafkaTemplate}; inject the interface to replace it in
 * tests.
 *
 * <p>Each method sends at once and returns a completed future, or, where
 * {@link IpsyncTemplate#setTransactionalSends transactional sends} are on and the calling thread
 * is in a Spring transaction, returns at once and sends after the commit (the future completes
 * then; it is cancelled when the transaction rolls back). What is wrong with the call itself (a
 * channel name that is not configured, a header that breaks the rules) is thrown at once in both
 * cases; so is, when sending at once, a failure to store the message.
 *
 * <p>A channel name that no entry of that kind has fails with {@link UnknownChannelException},
 * which lists the channels of that kind that are configured.
 */
public interface IpsyncOperations {

    /**
     * Puts the payload, written as JSON with the application's {@code JsonMapper}, on the queue.
     *
     * @param queue the queue's entry name under {@code ipsync.queues}
     * @return the message's id in the queue, once it is there
     * @throws UnknownChannelException when no queue of that name is configured
     */
    CompletableFuture<String> send(String queue, Object payload);

    /**
     * Puts the payload on the queue with headers, which its listeners read from
     * {@link io.ipsync.MessageMetadata#headers()} (see {@link io.ipsync.spi.MessageHeaders} for
     * the rules they follow: strings, about 3.5 KB in all).
     *
     * @throws IllegalArgumentException naming the header that breaks a rule
     */
    CompletableFuture<String> send(String queue, Object payload, Map<String, String> headers);

    /**
     * Puts the payload on the queue with an ordering key (the header
     * {@link io.ipsync.MessageMetadata#ORDERING_KEY_HEADER}): listeners with
     * {@code orderedByKey = "true"} handle the messages of one key one after another, in the order
     * they were put, as Kafka handles a partition's (see
     * {@link io.ipsync.listener.ContainerOptions.Builder#orderedByKey(boolean)}).
     */
    default CompletableFuture<String> sendOrdered(String queue, String orderingKey, Object payload) {
        return send(queue, payload, Map.of(io.ipsync.MessageMetadata.ORDERING_KEY_HEADER, orderingKey));
    }

    /**
     * Puts the payload on the queue for later: no consumer takes it before {@code notBefore}; until
     * then it counts as scheduled (see {@link io.ipsync.JsonDataQueue#putAt} for when it is taken,
     * and which consumers can). A message that must not be handled after a time carries it in the
     * header {@link io.ipsync.MessageMetadata#EXPIRES_HEADER}, or gets it from its queue's
     * {@code time-to-live}.
     *
     * @throws IllegalArgumentException naming the header that breaks a rule, or for a time later
     *     than {@link io.ipsync.spi.OutgoingMessage#LATEST_NOT_BEFORE}
     */
    CompletableFuture<String> sendAt(String queue, Object payload, Map<String, String> headers, Instant notBefore);

    /** Puts the payload on the queue, to be taken no sooner than {@code delay} from now, as {@link #sendAt}. */
    default CompletableFuture<String> sendLater(String queue, Object payload, Duration delay) {
        return sendAt(queue, payload, Map.of(), Instant.now().plus(delay));
    }

    /**
     * Puts a spring-messaging message on the queue: its payload as JSON, and its headers as
     * ipsync headers. Spring's own {@code id} and {@code timestamp} are left out (the queue gives
     * each message its id and time); a {@code String} value is kept as it is; a number, boolean,
     * character, enum, {@code UUID} or {@code MimeType} (such as {@code contentType}) as its
     * {@code toString()}; a header of any other type (a reply channel object, bytes) is left out.
     */
    CompletableFuture<String> send(String queue, Message<?> message);

    /**
     * Puts a spring-messaging message on the default queue, as {@link #send(String, Message)}.
     *
     * @throws IllegalStateException when no default queue is set
     */
    CompletableFuture<String> send(Message<?> message);

    /**
     * Puts the payload on the default queue ({@code ipsync.template.default-queue}).
     *
     * @throws IllegalStateException when no default queue is set
     */
    CompletableFuture<String> sendDefault(Object payload);

    /** Puts the payload on the default queue with headers. */
    CompletableFuture<String> sendDefault(Object payload, Map<String, String> headers);

    /**
     * Signals the event: every listener of it wakes up.
     *
     * @param event the event's entry name under {@code ipsync.events}
     */
    CompletableFuture<Void> signal(String event);

    /**
     * Publishes the value, written as JSON, on the data event: its listeners get it as the latest
     * value.
     *
     * @param dataEvent the data event's entry name under {@code ipsync.data-events}
     */
    CompletableFuture<Void> publish(String dataEvent, Object value);

    /**
     * Puts a request on the queue and waits for its reply: the request carries a correlation id
     * and the address of this instance's own reply queue ({@link ReplyHeaders}); the listener that
     * handles it returns the reply (see {@code @IpsyncListener}), which is read into
     * {@code replyType} with the application's {@code JsonMapper}. Needs
     * {@code ipsync.template.reply-queue}.
     *
     * @throws ReplyTimeoutException when no reply came within the timeout
     * @throws IllegalStateException when no reply queue is configured
     */
    <R> R sendAndReceive(String queue, Object payload, Class<R> replyType, java.time.Duration timeout);
}
