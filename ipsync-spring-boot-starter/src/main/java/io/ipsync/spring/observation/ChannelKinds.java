package io.ipsync.spring.observation;

import io.ipsync.spring.channel.ChannelKind;

/** How a channel kind reads as the value of a {@code messaging.*.kind} key. */
final class ChannelKinds {

    private ChannelKinds() {
    }

    /** {@code queue}, {@code event} or {@code data-event}. */
    static String tagValue(ChannelKind kind) {
        return switch (kind) {
            case QUEUE -> "queue";
            case EVENT -> "event";
            case DATA_EVENT -> "data-event";
        };
    }
}
