package io.ipsync.spring.core;

import io.ipsync.JsonDataQueue;
import io.ipsync.JsonPayload;
import io.ipsync.ReceivedMessage;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requesting side of {@link IpsyncOperations#sendAndReceive}: this instance's own reply queue
 * beside the configured one ({@code ipsync.template.reply-queue}), a listener on it, and the
 * requests waiting for their replies by correlation id. Only this instance takes from its queue,
 * so one instance never takes another's reply. The queue is opened on the first request and
 * deleted, with any reply that came too late, by {@link #close()} when the application stops.
 * Thread-safe.
 */
public class RequestReply implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestReply.class);

    private final ChannelDefinition replies;

    private final IpsyncChannelFactory channelFactory;

    private final String instance;

    private final Duration shutdownTimeout;

    private final Map<String, CompletableFuture<JsonPayload>> waiting = new ConcurrentHashMap<>();

    /** Guarded by this; set together on the first request. */
    private JsonDataQueue queue;

    /** Guarded by this. */
    private ListenerContainer listener;

    /** Guarded by this. */
    private boolean closed;

    /**
     * @param replies the configured reply queue, beside which this instance's own goes
     * @param channelFactory opens and deletes this instance's queue
     * @param shutdownTimeout how long closing waits for the reply listener to stop
     */
    public RequestReply(ChannelDefinition replies, IpsyncChannelFactory channelFactory, Duration shutdownTimeout) {
        this.replies = Objects.requireNonNull(replies, "replies");
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        this.instance = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** This instance's id, which names its reply queue. */
    public String instance() {
        return instance;
    }

    /**
     * Sends the request through {@code sender} with the reply headers, and waits for the reply.
     *
     * @throws ReplyTimeoutException when no reply came within the timeout
     * @throws io.ipsync.MessageConversionException when the reply does not fit {@code replyType}
     * @throws IllegalStateException when closed, or interrupted while waiting (the interrupt flag is set again)
     */
    public <R> R sendAndReceive(IpsyncOperations sender, String queue, Object payload, Class<R> replyType, Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        Objects.requireNonNull(timeout, "timeout");
        startListening();
        String correlation = UUID.randomUUID().toString();
        CompletableFuture<JsonPayload> reply = new CompletableFuture<>();
        waiting.put(correlation, reply);
        try {
            sender.send(queue, payload, Map.of(ReplyHeaders.REPLY_TO, replies.name(), ReplyHeaders.REPLY_INSTANCE, instance,
                    ReplyHeaders.CORRELATION_ID, correlation)).join();
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS).as(replyType);
        } catch (TimeoutException e) {
            throw new ReplyTimeoutException("No reply to the request " + correlation + " on the queue '" + queue
                    + "' came within " + timeout + " (replies to " + replies.name() + ", instance " + instance + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the reply to " + correlation, e);
        } catch (ExecutionException | CancellationException e) {
            throw new IllegalStateException("No reply to " + correlation + ": the requester is closing", e);
        } finally {
            waiting.remove(correlation);
        }
    }

    private synchronized void startListening() {
        if (closed) {
            throw new IllegalStateException("Request/reply is closed: the application is stopping");
        }
        if (listener != null) {
            return;
        }
        queue = channelFactory.openQueue(InstanceReplyQueue.of(replies, instance));
        listener = ListenerContainers.forQueue(queue, this::onReply, ContainerOptions.builder("replies-" + instance)
                .shutdownTimeout(shutdownTimeout).build());
        listener.start();
    }

    private void onReply(ReceivedMessage message) {
        String correlation = message.metadata().header(ReplyHeaders.CORRELATION_ID);
        CompletableFuture<JsonPayload> reply = correlation == null ? null : waiting.get(correlation);
        if (reply == null) {
            log.debug("Dropping the reply {} on {}: no request waits for it (correlation {})", message.metadata().name(),
                    queue.location(), correlation);
            return;
        }
        reply.complete(message.payload());
    }

    /** Stops listening, fails the requests still waiting, and deletes this instance's reply queue. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        waiting.values().forEach(reply -> reply.cancel(false));
        if (listener == null) {
            return;
        }
        listener.stop();
        queue.close();
        try {
            channelFactory.deleteQueue(InstanceReplyQueue.of(replies, instance));
        } catch (RuntimeException e) {
            log.warn("Could not delete the reply queue of instance {} ({}): {}", instance, queue.location(), e.getMessage());
        }
    }
}
