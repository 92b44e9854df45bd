package io.ipsync.redis.contract;

import io.ipsync.contract.QueueTimeAndBoundsContractTests;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.test.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis transport keeps the contract of delayed, expiring and bounded queues, on a real redis-server. */
class RedisQueueTimeAndBoundsContractTest extends QueueTimeAndBoundsContractTests {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Override
    protected TransportFixture fixture() {
        return new RedisTransportFixture(redis);
    }
}
