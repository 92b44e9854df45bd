package io.ipsync.spring.observation;

import io.ipsync.MessageMetadata;
import io.ipsync.spring.channel.ChannelKind;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.Map;
import java.util.Objects;

/**
 * The context of one handling by a listener container: a queue message, an event's signal or a
 * data event's value. Its carrier is the queue message's headers, from which a tracer's
 * propagator reads the sender's trace context; a message without it (put by a Python producer, or
 * by a sender without observations) and signals and values, which carry no headers, start a new
 * trace.
 */
public class IpsyncReceiverContext extends ReceiverContext<Map<String, String>> {

    private final String listenerId;

    private final String source;

    private final ChannelKind sourceKind;

    private final MessageMetadata metadata;

    /**
     * @param listenerId the listener container's id
     * @param source the channel's entry name
     * @param sourceKind the channel's kind
     * @param metadata the queue message's metadata; {@code null} for a signal or a value
     */
    @SuppressWarnings("this-escape")
    public IpsyncReceiverContext(String listenerId, String source, ChannelKind sourceKind, MessageMetadata metadata) {
        super((carrier, key) -> carrier == null ? null : carrier.get(key));
        this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
        this.source = Objects.requireNonNull(source, "source");
        this.sourceKind = Objects.requireNonNull(sourceKind, "sourceKind");
        this.metadata = metadata;
        setCarrier(metadata == null ? Map.of() : metadata.headers());
        setRemoteServiceName("ipsync");
    }

    /** The listener container's id ({@code @IpsyncListener(id = ...)}). */
    public String getListenerId() {
        return listenerId;
    }

    /** The entry name of the channel the listener handles. */
    public String getSource() {
        return source;
    }

    /** The kind of that channel. */
    public ChannelKind getSourceKind() {
        return sourceKind;
    }

    /** The queue message's metadata (id, attempt, headers); {@code null} for a signal or a value. */
    public MessageMetadata getMetadata() {
        return metadata;
    }
}
