package io.ipsync.spring.core;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.listener.IpsyncListenerEndpoint;
import io.ipsync.spring.listener.ListenerReplies;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what queue listeners return where the reply goes: to the reply address the message
 * carries ({@link ReplyHeaders#REPLY_TO}, accepted only when it names a queue configured here; with
 * {@link ReplyHeaders#REPLY_INSTANCE}, that instance's own queue beside it), else to the method's
 * {@code @SendTo} queue; a value with neither is ignored, and so is {@code null}. The reply carries
 * the request's {@link ReplyHeaders#CORRELATION_ID}. Replies to configured queues go through the
 * {@link IpsyncOperations} (observed as every send); an instance's queue is opened on its first
 * reply and closed with this object. Thread-safe.
 */
public class QueueReplies implements ListenerReplies, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueReplies.class);

    private final IpsyncChannels channels;

    private final IpsyncOperations operations;

    private final IpsyncChannelFactory channelFactory;

    private static final int MAX_OPEN_INSTANCE_QUEUES = 64;

    private final Map<String, JsonDataQueue> instanceQueues = new ConcurrentHashMap<>();

    private volatile boolean closed;

    public QueueReplies(IpsyncChannels channels, IpsyncOperations operations, IpsyncChannelFactory channelFactory) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
    }

    @Override
    public void reply(IpsyncListenerEndpoint endpoint, Object result, MessageMetadata request) {
        if (result == null) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String correlation = request.header(ReplyHeaders.CORRELATION_ID);
        if (correlation != null) {
            headers.put(ReplyHeaders.CORRELATION_ID, correlation);
        }
        String address = acceptedAddress(endpoint, request);
        String instance = request.header(ReplyHeaders.REPLY_INSTANCE);
        if (address != null && instance != null) {
            if (InstanceReplyQueue.isInstanceId(instance)) {
                instanceQueue(address, instance).put(result, headers);
                return;
            }
            log.warn("Listener {} ignores the reply instance '{}' of {}: not an instance id", endpoint.id(), instance,
                    request.name());
        }
        String queue = address != null ? address : endpoint.replyTo();
        if (queue != null) {
            operations.send(queue, result, headers).join();
        }
    }

    /** The message's reply address where it names a configured queue; {@code null} otherwise (warned). */
    private String acceptedAddress(IpsyncListenerEndpoint endpoint, MessageMetadata request) {
        String address = request.header(ReplyHeaders.REPLY_TO);
        if (address == null) {
            return null;
        }
        boolean isQueue = channels.find(address).map(channel -> channel.kind() == ChannelKind.QUEUE).orElse(false);
        if (!isQueue) {
            log.warn("Listener {} does not reply to '{}', the reply address of {}: it is not a queue configured under"
                    + " ipsync.queues{}", endpoint.id(), address, request.name(),
                    endpoint.replyTo() != null ? "; replying to its @SendTo queue " + endpoint.replyTo() + " instead" : "");
            return null;
        }
        return address;
    }

    private JsonDataQueue instanceQueue(String replies, String instance) {
        if (closed) {
            throw new IllegalStateException("The replies are closed: the application is stopping");
        }
        ChannelDefinition configured = channels.find(replies).orElseThrow();
        if (instanceQueues.size() >= MAX_OPEN_INSTANCE_QUEUES) {
            closeInstanceQueues(); // requesters come and go: keep the open ones few, reopening is cheap
        }
        return instanceQueues.computeIfAbsent(replies + "-" + instance,
                name -> channelFactory.openQueue(InstanceReplyQueue.of(configured, instance)));
    }

    /** Closes the instance queues it opened (never deletes them: they are their requesters'). */
    @Override
    public void close() {
        closed = true;
        closeInstanceQueues();
    }

    private synchronized void closeInstanceQueues() {
        instanceQueues.values().forEach(JsonDataQueue::close);
        instanceQueues.clear();
    }
}
