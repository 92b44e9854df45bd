package io.ipsync.redis.contract;

import io.ipsync.ChannelAddress;
import io.ipsync.Transports;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisCluster;
import io.ipsync.spi.TransportProvider;
import java.util.UUID;

/**
 * The Redis transport under the contract tests on a real Redis Cluster: channels with fresh names
 * (so spread over the cluster's masters by their hash slots), addressed as
 * {@code redis-cluster://<every node>/<name>} and opened through the transport the service loader finds.
 */
final class RedisClusterTransportFixture implements TransportFixture {

    private final RedisCluster cluster;

    RedisClusterTransportFixture(RedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public TransportProvider transport() {
        return Transports.installed().provider(RedisTransport.ID);
    }

    @Override
    public ChannelAddress newQueue(String name) {
        return cluster.address(fresh(name));
    }

    @Override
    public ChannelAddress newEvent(String name) {
        return cluster.address(fresh(name));
    }

    @Override
    public ChannelAddress newDataEvent(String name) {
        return cluster.address(fresh(name));
    }

    @Override
    public String text(ChannelAddress address) {
        return cluster.uri() + "/" + address.location();
    }

    private static String fresh(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
