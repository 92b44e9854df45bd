package io.ipsync.redis.contract;

import io.ipsync.ChannelAddress;
import io.ipsync.Transports;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.TransportProvider;
import java.util.UUID;

/**
 * The Redis transport under the contract tests: channels with fresh names on a real
 * {@code redis-server}, opened through the transport the service loader finds.
 */
final class RedisTransportFixture implements TransportFixture {

    private final RedisServer server;

    RedisTransportFixture(RedisServer server) {
        this.server = server;
    }

    @Override
    public TransportProvider transport() {
        return Transports.installed().provider(RedisTransport.ID);
    }

    @Override
    public ChannelAddress newQueue(String name) {
        return server.address(fresh(name));
    }

    @Override
    public ChannelAddress newEvent(String name) {
        return server.address(fresh(name));
    }

    @Override
    public ChannelAddress newDataEvent(String name) {
        return server.address(fresh(name));
    }

    @Override
    public String text(ChannelAddress address) {
        return server.uri() + "/" + address.location();
    }

    private static String fresh(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
