package io.ipsync.redis.contract;

import io.ipsync.contract.QueueContractTests;
import io.ipsync.contract.TransportFixture;
import io.ipsync.redis.test.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis transport keeps the queue contract, on a real redis-server. */
class RedisQueueContractTest extends QueueContractTests {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Override
    protected TransportFixture fixture() {
        return new RedisTransportFixture(redis);
    }
}
