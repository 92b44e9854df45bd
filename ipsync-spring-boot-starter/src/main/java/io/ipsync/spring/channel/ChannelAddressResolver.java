package io.ipsync.spring.channel;

import io.ipsync.ChannelAddress;

/**
 * Where the configured channels of one transport live: turns a {@link ChannelDefinition} into the
 * {@link ChannelAddress} its transport opens. The starter has one for files; a transport's
 * auto-configuration contributes its own as a bean, beside its
 * {@link io.ipsync.spi.TransportProvider} bean.
 */
public interface ChannelAddressResolver {

    /** The id of the transport whose channels this resolves. */
    String transport();

    /** The address of the channel, with the transport's settings for it. */
    ChannelAddress address(ChannelDefinition channel);
}
