package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import java.util.Map;

/**
 * Checks at startup, before any channel opens, that every configured channel's transport is there,
 * so that a missing module fails with the property that chose the transport rather than later,
 * when the channel is first used.
 */
final class ChannelTransportCheck {

    private ChannelTransportCheck() {
    }

    /** @throws MissingTransportException for the first channel whose transport is missing */
    static void requireTransports(IpsyncChannels channels, IpsyncTransports transports, IpsyncProperties properties) {
        for (ChannelDefinition channel : channels.all()) {
            if (!transports.ids().contains(channel.transport())) {
                throw new MissingTransportException(channel, property(channel, properties), transports.ids());
            }
        }
    }

    /** The entry's own {@code transport} where it has one, else {@code ipsync.transport}. */
    private static String property(ChannelDefinition channel, IpsyncProperties properties) {
        Map<String, ? extends ChannelEntry> entries = switch (channel.kind()) {
            case EVENT -> properties.getEvents();
            case DATA_EVENT -> properties.getDataEvents();
            case QUEUE -> properties.getQueues();
        };
        ChannelEntry entry = entries.get(channel.name());
        return entry != null && entry.getTransport() != null
                ? channel.kind().propertyPrefix() + "." + channel.name() + ".transport"
                : "ipsync.transport";
    }
}
