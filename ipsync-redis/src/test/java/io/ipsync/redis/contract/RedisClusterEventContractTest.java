package io.ipsync.redis.contract;

import io.ipsync.contract.EventContractTests;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.test.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis transport keeps the event contract on a real Redis Cluster of three masters. */
class RedisClusterEventContractTest extends EventContractTests {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @Override
    protected TransportFixture fixture() {
        return new RedisClusterTransportFixture(cluster);
    }
}
