package io.ipsync.spring.channel;

/** The three kinds of ipsync channel, each backed by its core type. */
public enum ChannelKind {

    /** {@link io.ipsync.Event}, configured under {@code ipsync.events}. */
    EVENT("event", "ipsync.events"),

    /** {@link io.ipsync.JsonDataEvent}, configured under {@code ipsync.data-events}. */
    DATA_EVENT("data event", "ipsync.data-events"),

    /** {@link io.ipsync.JsonDataQueue}, configured under {@code ipsync.queues}. */
    QUEUE("queue", "ipsync.queues");

    private final String description;

    private final String propertyPrefix;

    ChannelKind(String description, String propertyPrefix) {
        this.description = description;
        this.propertyPrefix = propertyPrefix;
    }

    /** How the kind reads in a sentence: "event", "data event", "queue". */
    public String description() {
        return description;
    }

    /** Where channels of this kind are configured, e.g. {@code ipsync.queues}. */
    public String propertyPrefix() {
        return propertyPrefix;
    }
}
