package io.ipsync.spring.autoconfigure.redis;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.RedisTransport;
import io.ipsync.spring.channel.ChannelAddressResolver;
import io.ipsync.spring.channel.ChannelDefinition;
import java.util.Objects;

/**
 * Puts configured channels on the Redis transport: a channel is named by its entry's {@code key}
 * (its entry name unless overridden), its keys under {@code ipsync.redis.key-prefix}, with the
 * transport's default settings. The entry's {@code path} and other file settings are ignored.
 */
public final class RedisChannelAddressResolver implements ChannelAddressResolver {

    private final RedisTransport transport;

    public RedisChannelAddressResolver(RedisTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public String transport() {
        return RedisTransport.ID;
    }

    @Override
    public ChannelAddress address(ChannelDefinition channel) {
        return new ChannelAddress(RedisTransport.ID, channel.key(), transport.defaults());
    }
}
