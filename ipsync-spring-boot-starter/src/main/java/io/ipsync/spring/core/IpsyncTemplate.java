package io.ipsync.spring.core;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.spi.MessageHeaders;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.observation.EventMetrics;
import io.ipsync.spring.observation.IpsyncTemplateObservationConvention;
import io.ipsync.spring.observation.SendObservation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanNameAware;
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
 * <p><b>Observations</b> ({@link #setObservationEnabled}, {@code ipsync.template.observation-enabled},
 * off by default): each send is a Micrometer observation
 * ({@link io.ipsync.spring.observation.IpsyncTemplateObservation}), and a tracer's trace context
 * goes into the queue message's headers ({@code traceparent} with W3C propagation), so that the
 * process handling it continues the trace. Events and data events carry no headers: their sends
 * are observed, but their trace context does not travel. Puts on a queue's bean itself are
 * observed the same way ({@link io.ipsync.spring.observation.ChannelSendObservations}); the
 * template's own puts are observed once, here.
 *
 * <p>Thread-safe once configured: set the default queue, transactional sends and observations
 * before it is used, as the auto-configuration does.
 */
public class IpsyncTemplate implements IpsyncOperations, BeanNameAware {

    private static final boolean SPRING_TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            IpsyncTemplate.class.getClassLoader());

    private final TemplateChannels channels;

    private volatile String defaultQueue;

    private volatile boolean transactionalSends;

    private volatile boolean observationEnabled;

    private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private volatile IpsyncTemplateObservationConvention observationConvention;

    private volatile String beanName = "ipsyncTemplate";

    private volatile EventMetrics eventMetrics = EventMetrics.NONE;

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

    /** Whether sends are observed; off by default. See the class comment. */
    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    /** Whether sends are observed. */
    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    /** Where the observations go, when they are enabled; {@link ObservationRegistry#NOOP} until set. */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
    }

    /** The convention that names and tags the observations; {@code null} (the default) for the default one. */
    public void setObservationConvention(IpsyncTemplateObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /** Told of each signal and value sent (metrics); {@link EventMetrics#NONE} until set. Queue sends are counted by the queue. */
    public void setEventMetrics(EventMetrics eventMetrics) {
        this.eventMetrics = Objects.requireNonNull(eventMetrics, "eventMetrics");
    }

    /** The name in the observations' {@code ipsync.template.name} key. */
    @Override
    public void setBeanName(String beanName) {
        this.beanName = beanName;
    }

    @Override
    public CompletableFuture<String> send(String queue, Object payload) {
        return send(queue, payload, Map.of());
    }

    @Override
    public CompletableFuture<String> send(String queue, Object payload, Map<String, String> headers) {
        return put(queue, payload, headers, null);
    }

    @Override
    public CompletableFuture<String> sendAt(String queue, Object payload, Map<String, String> headers, Instant notBefore) {
        return put(queue, payload, headers, Objects.requireNonNull(notBefore, "notBefore"));
    }

    private CompletableFuture<String> put(String queue, Object payload, Map<String, String> headers, Instant notBefore) {
        JsonDataQueue target = channels.find(queue, ChannelKind.QUEUE, JsonDataQueue.class);
        Map<String, String> checked = MessageHeaders.check(headers);
        return observed(queue, ChannelKind.QUEUE, checked, withTrace -> execute("put a message on the queue '" + queue + "'",
                () -> {
                    Supplier<String> put = notBefore == null ? () -> target.put(payload, withTrace)
                            : () -> target.putAt(payload, withTrace, notBefore);
                    // Observed here, so not again by the queue bean's own observation of its puts.
                    return observationEnabled ? SendObservation.byTemplate(put) : put.get();
                }));
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
        return observed(event, ChannelKind.EVENT, Map.of(), none -> execute("signal the event '" + event + "'", () -> {
            target.signal();
            eventMetrics.signalSent(event);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> publish(String dataEvent, Object value) {
        JsonDataEvent target = channels.find(dataEvent, ChannelKind.DATA_EVENT, JsonDataEvent.class);
        return observed(dataEvent, ChannelKind.DATA_EVENT, Map.of(),
                none -> execute("publish a value on the data event '" + dataEvent + "'", () -> {
                    target.signal(value);
                    eventMetrics.valuePublished(dataEvent);
                    return null;
                }));
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

    /** Makes the send with the headers, in an observation where they are enabled (which adds the trace context). */
    private <T> CompletableFuture<T> observed(String channel, ChannelKind kind, Map<String, String> headers,
            Function<Map<String, String>, CompletableFuture<T>> send) {
        if (!observationEnabled) {
            return send.apply(headers);
        }
        return SendObservation.observe(observationRegistry, observationConvention, beanName, channel, kind, headers, send);
    }

    /** Sends at once, or, with transactional sends on and in a transaction, after its commit. */
    private <T> CompletableFuture<T> execute(String description, Supplier<T> send) {
        if (transactionalSends && TransactionalSends.isActive()) {
            return TransactionalSends.afterCommit(description, send);
        }
        return CompletableFuture.completedFuture(send.get());
    }
}
