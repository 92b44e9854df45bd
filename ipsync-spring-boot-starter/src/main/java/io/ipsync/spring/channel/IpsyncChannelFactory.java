package io.ipsync.spring.channel;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueObserver;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens core channels from {@link ChannelDefinition}s with the application's {@link JsonMapper}
 * and queue observers (metrics). The auto-configuration uses it for the channel beans and for
 * each listener's own event; applications can use it to open further channels configured the
 * same way.
 */
public class IpsyncChannelFactory {

    private final JsonMapper jsonMapper;

    private final QueueObserver queueObserver;

    public IpsyncChannelFactory(JsonMapper jsonMapper, QueueObserver queueObserver) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.queueObserver = Objects.requireNonNull(queueObserver, "queueObserver");
    }

    public Event openEvent(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.EVENT);
        return Event.open(definition.path(), definition.eventOptions(), definition.fileSettings());
    }

    public JsonDataEvent openDataEvent(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.DATA_EVENT);
        return JsonDataEvent.open(definition.path(), definition.dataEventOptions(jsonMapper), definition.fileSettings());
    }

    public JsonDataQueue openQueue(ChannelDefinition definition) {
        requireKind(definition, ChannelKind.QUEUE);
        return JsonDataQueue.open(definition.path(), definition.queueOptions(jsonMapper, queueObserver),
                definition.fileSettings());
    }

    /** The channel opened as its kind's core type. */
    public AutoCloseable open(ChannelDefinition definition) {
        return switch (definition.kind()) {
            case EVENT -> openEvent(definition);
            case DATA_EVENT -> openDataEvent(definition);
            case QUEUE -> openQueue(definition);
        };
    }

    private static void requireKind(ChannelDefinition definition, ChannelKind kind) {
        if (definition.kind() != kind) {
            throw new IllegalArgumentException(definition.describe() + " is not a " + kind.description());
        }
    }
}
