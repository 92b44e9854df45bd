package io.ipsync.spring.core;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.spi.MessageHeaders;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.Message;
import org.springframework.util.ClassUtils;

/**
 * Sends to the channels configured under {@code ipsync.*} by their entry names: the one place
 * from which an application puts queue messages (with headers, or as spring-messaging
 * {@link Message}s), signals events and publishes data-event values. Auto-configured; inject it,
 * or {@link IpsyncOperations}:
 *
 * <pre>{@code
 * template.send("orders", order);
 * template.send("orders", order, Map.of("tenant", "acme"));
 * template.signal("reload");
 * template.publish("settings", newSettings);
 * }</pre>
 *
 * <p>Each send goes through the channel's bean, so it is counted by the queue metrics as the
 * bean's own puts are, and an application's own bean of a channel's name is the one used.
 *
 * <p><b>Transactional sends</b> ({@link #setTransactionalSends}, {@code ipsync.template.transactional-sends},
 * off by default): a send from a thread in a Spring transaction (a transaction synchronization is
 * active) waits for its commit and is dropped when it rolls back; elsewhere it goes at once. What
 * this does not cover: the message is not part of the transaction. Between the commit and the
 * message being stored there is a window in which a crash of the process loses it; a send that
 * fails after the commit (a full disk, Redis down) cannot undo the commit: it is logged at ERROR
 * and its future fails. A transaction whose outcome is unknown (reported so by some JTA
 * managers) drops its sends, with a warning. Where losing a message after a commit is not
 * acceptable, write it to the database in the transaction and send it from there (an outbox).
 *
 * <p>Thread-safe once configured: set the default queue and transactional sends before it is
 * used, as the auto-configuration does.
 */
public class IpsyncTemplate implements IpsyncOperations {

    private static final boolean SPRING_TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            IpsyncTemplate.class.getClassLoader());

    private final TemplateChannels channels;

    private volatile String defaultQueue;

    private volatile boolean transactionalSends;

    private volatile RequestReply requestReply;

    /**
     * @param channels the configured channels, which names are looked up in
     * @param beanFactory where each channel's bean is found, by its entry name, when it is sent to
     */
    public IpsyncTemplate(IpsyncChannels channels, BeanFactory beanFactory) {
        this.channels = new TemplateChannels(Objects.requireNonNull(channels, "channels"),
                Objects.requireNonNull(beanFactory, "beanFactory"));
    }

    /**
     * The queue that {@link #sendDefault} and {@link #send(Message)} put on; {@code null} (the
     * default) for none, when they fail.
     *
     * @throws UnknownChannelException when no queue of that name is configured
     */
    public void setDefaultQueue(String defaultQueue) {
        if (defaultQueue != null && !channels.isQueue(defaultQueue)) {
            throw new UnknownChannelException(defaultQueue, ChannelKind.QUEUE, null, channels.names(ChannelKind.QUEUE));
        }
        this.defaultQueue = defaultQueue;
    }

    /** The default queue, or {@code null}. */
    public String getDefaultQueue() {
        return defaultQueue;
    }

    /**
     * Whether sends from a thread in a Spring transaction wait for its commit and are dropped on
     * rollback; see the class comment for what this does not cover.
     *
     * @throws IllegalStateException when turned on without spring-tx on the class path
     */
    public void setTransactionalSends(boolean transactionalSends) {
        if (transactionalSends && !SPRING_TX_PRESENT) {
            throw new IllegalStateException("Transactional sends need Spring's transactions: add org.springframework:spring-tx");
        }
        this.transactionalSends = transactionalSends;
    }

    /** Whether sends in a transaction wait for its commit. */
    public boolean isTransactionalSends() {
        return transactionalSends;
    }

    @Override
    public CompletableFuture<String> send(String queue, Object payload) {
        return send(queue, payload, Map.of());
    }

    @Override
    public CompletableFuture<String> send(String queue, Object payload, Map<String, String> headers) {
        JsonDataQueue target = channels.find(queue, ChannelKind.QUEUE, JsonDataQueue.class);
        Map<String, String> checked = MessageHeaders.check(headers);
        return execute("put a message on the queue '" + queue + "'", () -> target.put(payload, checked));
    }

    @Override
    public CompletableFuture<String> send(String queue, Message<?> message) {
        Objects.requireNonNull(message, "message");
        return send(queue, message.getPayload(), SpringMessageHeaders.toIpsync(message.getHeaders()));
    }

    @Override
    public CompletableFuture<String> send(Message<?> message) {
        return send(requireDefaultQueue(), message);
    }

    @Override
    public CompletableFuture<String> sendDefault(Object payload) {
        return send(requireDefaultQueue(), payload);
    }

    @Override
    public CompletableFuture<String> sendDefault(Object payload, Map<String, String> headers) {
        return send(requireDefaultQueue(), payload, headers);
    }

    @Override
    public CompletableFuture<Void> signal(String event) {
        Event target = channels.find(event, ChannelKind.EVENT, Event.class);
        return execute("signal the event '" + event + "'", () -> {
            target.signal();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> publish(String dataEvent, Object value) {
        JsonDataEvent target = channels.find(dataEvent, ChannelKind.DATA_EVENT, JsonDataEvent.class);
        return execute("publish a value on the data event '" + dataEvent + "'", () -> {
            target.signal(value);
            return null;
        });
    }

    /** What {@link #sendAndReceive} waits for replies with; {@code null} (the default) for none, when it fails. */
    public void setRequestReply(RequestReply requestReply) {
        this.requestReply = requestReply;
    }

    @Override
    public <R> R sendAndReceive(String queue, Object payload, Class<R> replyType, java.time.Duration timeout) {
        RequestReply replies = requestReply;
        if (replies == null) {
            throw new IllegalStateException("No reply queue is configured (ipsync.template.reply-queue): name a queue"
                    + " under ipsync.queues beside which each instance gets its own reply queue");
        }
        return replies.sendAndReceive(this, queue, payload, replyType, timeout);
    }

    private String requireDefaultQueue() {
        String queue = defaultQueue;
        if (queue == null) {
            throw new IllegalStateException("No default queue is set (ipsync.template.default-queue): name the queue to"
                    + " send to, one of " + channels.names(ChannelKind.QUEUE));
        }
        return queue;
    }

    /** Sends at once, or, with transactional sends on and in a transaction, after its commit. */
    private <T> CompletableFuture<T> execute(String description, Supplier<T> send) {
        if (transactionalSends && TransactionalSends.isActive()) {
            return TransactionalSends.afterCommit(description, send);
        }
        return CompletableFuture.completedFuture(send.get());
    }
}
