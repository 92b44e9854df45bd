package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.ipsync.QueueOptions;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queue channels on a test's Redis server through one transport, closed with the fixture, each
 * test on queues of its own name.
 */
final class QueueFixture implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    final RedisServer redis;

    final RedisTransport transport = new RedisTransport();

    private final List<QueueChannel> opened = new ArrayList<>();

    QueueFixture(RedisServer redis) {
        this.redis = redis;
    }

    /** A queue name no other test uses. */
    static String uniqueName(String base) {
        return base + "-" + NEXT.incrementAndGet();
    }

    /** The stream key of a queue opened with default settings. */
    static String streamKey(String queue) {
        return "{ipsync:" + queue + "}:stream";
    }

    ChannelAddress address(String queue, Duration lease) {
        return redis.address(queue, redis.settings().lease(lease).commandTimeout(Duration.ofSeconds(10)).build());
    }

    RedisQueueChannel open(String queue, Duration lease) throws IOException {
        return open(address(queue, lease), QueueOptions.DEFAULTS);
    }

    RedisQueueChannel open(ChannelAddress address, QueueOptions options) throws IOException {
        QueueChannel channel = transport.openQueue(address, options);
        opened.add(channel);
        return (RedisQueueChannel) channel;
    }

    @Override
    public void close() throws IOException {
        for (QueueChannel channel : opened) {
            channel.close();
        }
        transport.close();
    }
}
