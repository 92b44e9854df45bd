package io.ipsync.cli;

import io.ipsync.redis.test.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ipsync move} from a queue on one redis-server to a queue of the same name on another, as
 * when an application moves servers: not the same queue, though the channels' names are equal.
 */
class MoveBetweenRedisServersTest extends MoveCommandTests {

    @RegisterExtension
    static final RedisServer oldServer = new RedisServer();

    @RegisterExtension
    static final RedisServer newServer = new RedisServer();

    private final String name = "orders-" + UUID.randomUUID();

    @Override
    String newSource(String hint) {
        return oldServer.uri() + "/" + name; // the same name on both servers
    }

    @Override
    String newTarget(String hint) {
        return newServer.uri() + "/" + name;
    }
}
