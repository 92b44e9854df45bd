package io.ipsync.cli.bench;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The limit of taking from Redis: a child that does what a consumer of the documented layout must
 * do at the least, with a bare Lettuce client on one connection and nothing else: create the
 * group, then {@code XREADGROUP GROUP ipsync <consumer> COUNT <batch> STREAMS <stream> >} and, for
 * every message read, {@code XACK} and {@code XDEL} sent together (one round trip a message, as a
 * consumer that acknowledges each message once handled needs); with {@code ack=batch}, the
 * {@code XACK} and {@code XDEL} of all the messages read at once. Until {@code count} messages
 * were taken or a read finds none. No lease, no retry, no parsing. The clock runs from before the
 * client is made (as a consumer's runs from opening its queue) to the last acknowledgement.
 */
final class RedisBareDrainRole {

    static final String NAME = "redis-bare-drain";

    private static final String CONSUMER = "bare-drain";

    private RedisBareDrainRole() {
    }

    static void run(String address, ChildOptions options) throws InterruptedException {
        long count = options.number("count", 1);
        int batch = (int) options.number("batch", 1);
        boolean ackEach = options.number("ack-batch", 0) == 0;
        RedisQueueAddress queue = RedisQueueAddress.parse(address);
        ParentLink link = ParentLink.connect(System.in, () -> { });
        long start = System.nanoTime();
        RedisClient client = RedisClient.create(queue.server());
        long taken = 0;
        long bytes = 0;
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisAsyncCommands<byte[], byte[]> commands = connection.async();
            byte[] stream = queue.stream();
            Consumer<byte[]> consumer = Consumer.from(RedisQueueAddress.bytes(RedisQueueAddress.GROUP),
                    RedisQueueAddress.bytes(CONSUMER));
            createGroup(commands, stream, consumer.getGroup());
            while (taken < count) {
                @SuppressWarnings("unchecked") // Lettuce takes the streams to read as generic varargs
                List<StreamMessage<byte[], byte[]>> read = RedisReplies.await(commands.xreadgroup(consumer,
                        XReadArgs.Builder.count(batch), XReadArgs.StreamOffset.lastConsumed(stream)), "XREADGROUP");
                if (read.isEmpty()) {
                    break;
                }
                String[] ids = read.stream().map(StreamMessage::getId).toArray(String[]::new);
                if (ackEach) {
                    for (String id : ids) {
                        acknowledge(commands, stream, consumer.getGroup(), id);
                    }
                } else {
                    acknowledge(commands, stream, consumer.getGroup(), ids);
                }
                for (StreamMessage<byte[], byte[]> message : read) {
                    bytes += message.getBody().values().stream().mapToInt(value -> value.length).sum();
                }
                taken += read.size();
            }
            long nanos = System.nanoTime() - start;
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("messages", taken);
            result.put("bytes", bytes);
            result.put("nanos", nanos);
            link.report(result);
            link.awaitEnd(Duration.ofMinutes(1));
        } finally {
            client.shutdown();
        }
    }

    /** The group, reading from the stream's start, as ipsync's consumers create it. */
    private static void createGroup(RedisAsyncCommands<byte[], byte[]> commands, byte[] stream, byte[] group)
            throws InterruptedException {
        try {
            RedisReplies.await(commands.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group,
                    XGroupCreateArgs.Builder.mkstream()), "XGROUP CREATE");
        } catch (BenchFailure e) {
            if (!e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** {@code XACK} and {@code XDEL} of the ids, sent together: one round trip. */
    private static void acknowledge(RedisAsyncCommands<byte[], byte[]> commands, byte[] stream, byte[] group, String... ids)
            throws InterruptedException {
        RedisFuture<Long> acknowledged = commands.xack(stream, group, ids);
        RedisFuture<Long> deleted = commands.xdel(stream, ids);
        RedisReplies.await(acknowledged, "XACK");
        RedisReplies.await(deleted, "XDEL");
    }
}
