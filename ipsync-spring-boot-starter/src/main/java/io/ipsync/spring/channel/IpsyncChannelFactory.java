package io.ipsync.spring.channel;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueObserver;
import io.ipsync.QueueOptions;
import io.ipsync.SendInterceptor;
import io.ipsync.spi.TransportHealth;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens core channels from {@link ChannelDefinition}s, each through its transport, with the
 * application's {@link JsonMapper} and queue observers (metrics). The auto-configuration uses it
 * for the channel beans and for each listener's own event; applications can use it to open
 * further channels configured the same way.
 */
public class IpsyncChannelFactory {

    private final JsonMapper jsonMapper;

    private final QueueObserver queueObserver;

    private final IpsyncTransports transports;

    private volatile Function<ChannelDefinition, SendInterceptor> sendInterceptors = definition -> SendInterceptor.NONE;

    /** A factory for channels on files only. */
    public IpsyncChannelFactory(JsonMapper jsonMapper, QueueObserver queueObserver) {
        this(jsonMapper, queueObserver, IpsyncTransports.filesOnly());
    }

    public IpsyncChannelFactory(JsonMapper jsonMapper, QueueObserver queueObserver, IpsyncTransports transports) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.queueObserver = Objects.requireNonNull(queueObserver, "queueObserver");
        this.transports = Objects.requireNonNull(transports, "transports");
    }

    /**
     * Gives each queue opened from now on the send interceptor this returns for its definition
     * (the observations of its puts, with {@code ipsync.template.observation-enabled}).
     */
    public void setSendInterceptors(Function<ChannelDefinition, SendInterceptor> sendInterceptors) {
        this.sendInterceptors = Objects.requireNonNull(sendInterceptors, "sendInterceptors");
    }

    public Event openEvent(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.EVENT);
        return Event.open(transports.address(definition), definition.eventOptions(), transports.provider(definition));
    }

    public JsonDataEvent openDataEvent(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.DATA_EVENT);
        return JsonDataEvent.open(transports.address(definition), definition.dataEventOptions(jsonMapper),
                transports.provider(definition));
    }

    public JsonDataQueue openQueue(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.QUEUE);
        QueueOptions options = definition.queueOptions(jsonMapper, queueObserver);
        SendInterceptor sendInterceptor = sendInterceptors.apply(definition);
        if (sendInterceptor != SendInterceptor.NONE) {
            options = options.toBuilder().sendInterceptor(sendInterceptor).build();
        }
        return JsonDataQueue.open(transports.address(definition), options, transports.provider(definition));
    }

    /**
     * Deletes a queue with everything in it, through its transport (see
     * {@link io.ipsync.spi.TransportProvider#deleteQueue}); close it first.
     *
     * @throws java.io.UncheckedIOException when the transport cannot delete it now
     */
    public void deleteQueue(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.QUEUE);
        try {
            transports.provider(definition).deleteQueue(transports.address(definition));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot delete " + definition.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The channel opened as its kind's core type. */
    public AutoCloseable open(ChannelDefinition definition) {
        return switch (definition.kind()) {
            case EVENT -> openEvent(definition);
            case DATA_EVENT -> openDataEvent(definition);
            case QUEUE -> openQueue(definition);
        };
    }

    /** Whether the channel's transport can serve it now (bounded in time; never throws). */
    public TransportHealth health(ChannelDefinition definition) {
        return transports.provider(definition).health(transports.address(definition), definition.kind().transportKind());
    }

    /** Where the channel is, as its core object reports it (never secrets): see {@link IpsyncTransports#location}. */
    public String location(ChannelDefinition definition) {
        return transports.location(definition);
    }

    private static void requireKind(ChannelDefinition definition, ChannelKind kind) {
        if (definition.kind() != kind) {
            throw new IllegalArgumentException(definition.describe() + " is not a " + kind.description());
        }
    }
}
