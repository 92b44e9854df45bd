package io.ipsync.cli.bench;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.RedisSettings;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Redis server of the Redis scenarios, as the bench itself uses it: it names each scenario's
 * queue (a channel {@code ipsync-bench-<random>-<name>} of this run, so a server in use keeps its
 * other keys), writes backlogs, and deletes every key of this run's queues at the end. When the
 * bench started the server ({@link LocalRedisServer}), closing stops it too.
 *
 * <p>Not thread-safe: the bench's thread uses it.
 */
final class RedisTarget implements AutoCloseable {

    /** Messages per flush when writing a backlog. */
    private static final int BACKLOG_BATCH = 1_000;

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final String server;

    private final String channelPrefix;

    private final LocalRedisServer local;

    private final RedisClient client;

    private final StatefulRedisConnection<byte[], byte[]> connection;

    private final String description;

    private final Set<RedisQueueAddress> queues = new LinkedHashSet<>();

    private RedisTarget(String server, LocalRedisServer local, RedisClient client,
            StatefulRedisConnection<byte[], byte[]> connection, String description) {
        this.server = server;
        this.local = local;
        this.client = client;
        this.connection = connection;
        this.description = description;
        this.channelPrefix = "ipsync-bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) + "-";
    }

    /**
     * Connects to {@code server} ({@code redis://[user:password@]host[:port][/database]}).
     *
     * @param server a server URI that {@link #serverDescription} has read already
     * @param local the server the bench started there, stopped by {@link #close()} or when this
     *     fails; or {@code null}
     * @throws BenchFailure when the server cannot be reached
     */
    static RedisTarget connect(String server, LocalRedisServer local) throws InterruptedException {
        String shown = serverDescription(server);
        RedisURI uri = RedisQueueAddress.parse(channelAddress(server, "ipsync-bench")).server();
        uri.setTimeout(RedisReplies.LONGEST_WAIT);
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<byte[], byte[]> connection;
        String version;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            version = versionIn(RedisReplies.await(connection.async().info("server"), "tell its version"));
        } catch (RuntimeException | InterruptedException e) {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            if (local != null) {
                local.close();
            }
            if (e instanceof InterruptedException) {
                throw e;
            }
            throw new BenchFailure("Cannot reach the Redis server " + shown + ": " + e.getMessage());
        }
        String started = local == null ? "" : ", started by the bench for this run (pid " + local.pid() + ", "
                + LocalRedisServer.SETTINGS + ") and stopped at its end";
        return new RedisTarget(server, local, client, connection, shown + " (Redis " + version + started + ")");
    }

    /**
     * The address of channel {@code channel} on {@code server}: the channel's name is the last
     * segment of the path, after the database number if there is one.
     *
     * @throws IllegalArgumentException when {@code server} is no URI
     */
    static String channelAddress(String server, String channel) {
        URI uri = URI.create(server);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return uri.getScheme() + "://" + uri.getRawAuthority() + path + "/" + channel
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * The server as the bench reports it, never with a password: {@code redis://127.0.0.1:6379}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code server}, without its password
     */
    static String serverDescription(String server) {
        return ((RedisSettings) ChannelAddress.parse(channelAddress(server, "ipsync-bench")).settings()).serverDescription();
    }

    private static String versionIn(String info) {
        return info.lines().filter(line -> line.startsWith("redis_version:")).map(line -> line.substring(14).strip())
                .findFirst().orElse("of unknown version");
    }

    /** The server, its version, and whether the bench started it. */
    String description() {
        return description;
    }

    /** A new, empty queue of this run: the channel {@code ipsync-bench-<random>-<name>}. */
    RedisQueue newQueue(String name) {
        RedisQueueAddress address = RedisQueueAddress.parse(channelAddress(server, channelPrefix + name));
        queues.add(address);
        return new RedisQueue(this, address);
    }

    /**
     * Puts {@code count} {@link BenchMessage}s on the queue as a producer that follows the
     * documented layout would ({@code XADD <stream> * p <json>}), pipelined, much faster than a
     * producer process could; tells {@code progress} every tenth when there are many.
     */
    void writeBacklog(RedisQueueAddress queue, long count, PrintWriter progress) throws InterruptedException {
        byte[] stream = queue.stream();
        byte[] field = RedisQueueAddress.bytes(RedisQueueAddress.PAYLOAD_FIELD);
        RedisAsyncCommands<byte[], byte[]> commands = connection.async();
        long every = count >= 100_000 ? count / 10 : 0;
        connection.setAutoFlushCommands(false);
        try {
            long seq = 0;
            while (seq < count) {
                List<RedisFuture<String>> batch = new ArrayList<>(BACKLOG_BATCH);
                for (int i = 0; i < BACKLOG_BATCH && seq < count; i++, seq++) {
                    batch.add(commands.xadd(stream, field, BenchMessage.stampedNow(seq).json()));
                }
                connection.flushCommands();
                RedisReplies.awaitAll(batch, "XADD to the backlog");
                if (every > 0 && seq % every == 0) {
                    progress.printf("bench:   written %,d of %,d%n", seq, count);
                    progress.flush();
                }
            }
        } finally {
            connection.setAutoFlushCommands(true);
        }
        // Garbage of this JVM collected now, not while the consumer measured next runs on the same cores.
        System.gc();
    }

    /** Deletes every key of the queue: every key under its hash tag, whatever the transport keeps there. */
    void delete(RedisQueueAddress queue) throws InterruptedException {
        List<byte[]> keys = new ArrayList<>(queue.keys());
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<byte[]> page = RedisReplies.await(connection.async().scan(cursor,
                    ScanArgs.Builder.matches(queue.tag() + ":*").limit(1000)), "list the keys of " + queue.tag());
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        RedisReplies.await(connection.async().del(keys.toArray(byte[][]::new)), "delete the keys of " + queue.tag());
        queues.remove(queue);
    }

    /** Deletes the keys of every queue of this run still there, disconnects, and stops the server if the bench started it. */
    @Override
    public void close() throws InterruptedException {
        try {
            for (RedisQueueAddress queue : List.copyOf(queues)) {
                delete(queue);
            }
        } finally {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            if (local != null) {
                local.close();
            }
        }
    }
}
