package io.ipsync.cli.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The limit of putting on Redis: a child that does what a put must do at the least, with a bare
 * Lettuce client on one connection and nothing else: {@code XADD <stream> * p <json>} of
 * {@code count} {@link BenchMessage}s, as the documented layout has it. With {@code batch=1}, one
 * command and its answer at a time (the synchronous API); with more, {@code batch} commands
 * written at once and flushed, then their answers awaited (a pipeline). It connects before it
 * says {@code ready}; the clock runs from {@code go} to the last answer.
 */
final class RedisBareAddRole {

    static final String NAME = "redis-bare-add";

    private static final Duration LONGEST_WAIT_FOR_GO = Duration.ofMinutes(10);

    private RedisBareAddRole() {
    }

    static void run(String address, ChildOptions options) throws InterruptedException {
        long count = options.number("count", 1);
        int batch = (int) options.number("batch", 1);
        RedisQueueAddress queue = RedisQueueAddress.parse(address);
        ParentLink link = ParentLink.connect(System.in, () -> { });
        RedisClient client = RedisClient.create(queue.server());
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            connection.sync().ping();
            link.tell("ready");
            if (!link.awaitGo(LONGEST_WAIT_FOR_GO)) {
                return;
            }
            long start = System.nanoTime();
            if (batch <= 1) {
                addOneByOne(connection.sync(), queue.stream(), count);
            } else {
                addPipelined(connection, queue.stream(), count, batch);
            }
            long nanos = System.nanoTime() - start;
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("messages", count);
            result.put("nanos", nanos);
            link.report(result);
            link.awaitEnd(Duration.ofMinutes(1));
        } finally {
            client.shutdown();
        }
    }

    private static void addOneByOne(RedisCommands<byte[], byte[]> commands, byte[] stream, long count) {
        byte[] field = RedisQueueAddress.bytes(RedisQueueAddress.PAYLOAD_FIELD);
        for (long seq = 0; seq < count; seq++) {
            commands.xadd(stream, field, BenchMessage.stampedNow(seq).json());
        }
    }

    private static void addPipelined(StatefulRedisConnection<byte[], byte[]> connection, byte[] stream, long count,
            int batch) throws InterruptedException {
        byte[] field = RedisQueueAddress.bytes(RedisQueueAddress.PAYLOAD_FIELD);
        RedisAsyncCommands<byte[], byte[]> commands = connection.async();
        connection.setAutoFlushCommands(false);
        List<RedisFuture<String>> answers = new ArrayList<>(batch);
        for (long seq = 0; seq < count; ) {
            answers.clear();
            for (int i = 0; i < batch && seq < count; i++, seq++) {
                answers.add(commands.xadd(stream, field, BenchMessage.stampedNow(seq).json()));
            }
            connection.flushCommands();
            RedisReplies.awaitAll(answers, "XADD");
        }
    }
}
