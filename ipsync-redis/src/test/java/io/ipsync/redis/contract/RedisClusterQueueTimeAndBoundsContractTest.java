package io.ipsync.redis.contract;

import io.ipsync.contract.QueueTimeAndBoundsContractTests;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.test.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis transport keeps the contract of delayed, expiring and bounded queues on a real Redis Cluster of three masters. */
class RedisClusterQueueTimeAndBoundsContractTest extends QueueTimeAndBoundsContractTests {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @Override
    protected TransportFixture fixture() {
        return new RedisClusterTransportFixture(cluster);
    }
}
