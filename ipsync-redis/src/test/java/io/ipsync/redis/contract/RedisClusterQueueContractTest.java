package io.ipsync.redis.contract;

import io.ipsync.contract.QueueContractTests;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.test.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis transport keeps the queue contract on a real Redis Cluster of three masters. */
class RedisClusterQueueContractTest extends QueueContractTests {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @Override
    protected TransportFixture fixture() {
        return new RedisClusterTransportFixture(cluster);
    }
}
