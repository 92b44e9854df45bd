package io.ipsync.cli;

import io.ipsync.redis.test.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A move from a directory to a queue on a real redis-server, killed and run again: Redis queues can be searched for copies. */
class MoveToRedisInterruptedTest extends MoveInterruptedTests {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Override
    String newSource(String name) {
        return temp.resolve("source").resolve(name).toString();
    }

    @Override
    String newTarget(String name) {
        return redis.uri() + "/" + name + "-" + UUID.randomUUID();
    }
}
