package io.ipsync.spring.channel;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;

/** The three kinds of ipsync channel, each backed by its core type. */
public enum ChannelKind {

    /** {@link io.ipsync.Event}, configured under {@code ipsync.events}. */
    EVENT("event", "ipsync.events", Event.class, io.ipsync.spi.ChannelKind.EVENT),

    /** {@link io.ipsync.JsonDataEvent}, configured under {@code ipsync.data-events}. */
    DATA_EVENT("data event", "ipsync.data-events", JsonDataEvent.class, io.ipsync.spi.ChannelKind.DATA_EVENT),

    /** {@link io.ipsync.JsonDataQueue}, configured under {@code ipsync.queues}. */
    QUEUE("queue", "ipsync.queues", JsonDataQueue.class, io.ipsync.spi.ChannelKind.QUEUE);

    private final String description;

    private final String propertyPrefix;

    private final Class<? extends AutoCloseable> coreType;

    private final io.ipsync.spi.ChannelKind transportKind;

    ChannelKind(String description, String propertyPrefix, Class<? extends AutoCloseable> coreType,
            io.ipsync.spi.ChannelKind transportKind) {
        this.description = description;
        this.propertyPrefix = propertyPrefix;
        this.coreType = coreType;
        this.transportKind = transportKind;
    }

    /** The kind as transports know it. */
    public io.ipsync.spi.ChannelKind transportKind() {
        return transportKind;
    }

    /** How the kind reads in a sentence: "event", "data event", "queue". */
    public String description() {
        return description;
    }

    /** Where channels of this kind are configured, e.g. {@code ipsync.queues}. */
    public String propertyPrefix() {
        return propertyPrefix;
    }

    /** The core type a channel of this kind is, and its bean's type. */
    public Class<? extends AutoCloseable> coreType() {
        return coreType;
    }
}
