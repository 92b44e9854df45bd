package io.ipsync.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.UnblockType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's calls to its server: each bounded by the channel's timeouts, each failure an
 * {@link IOException} that names the channel, its key and the server.
 *
 * <p>Commands that answer at once go over the server's shared connection and wait without
 * regard to interrupts (they complete on an interrupted thread and leave its interrupt status
 * set). Blocking reads go over a connection of the waiting thread's own and can be ended early,
 * by a wake-up or an interrupt, with {@code CLIENT UNBLOCK} from the shared connection. On a
 * cluster, commands go to the node that serves their key, and so do blocking reads, which are
 * ended on the node they wait on.
 *
 * <p>Thread-safe.
 */
final class ServerCalls {

    private static final Logger log = LoggerFactory.getLogger(ServerCalls.class);

    /** How long to wait for a blocking read to end after each {@code CLIENT UNBLOCK} before sending another. */
    private static final long UNBLOCK_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ServerLink link;

    private final RedisSettings settings;

    private final String channel;

    /**
     * @param channel the channel as errors name it: {@code queue orders (key {ipsync:orders}:stream)}
     */
    ServerCalls(ServerLink link, RedisSettings settings, String channel) {
        this.link = link;
        this.settings = settings;
        this.channel = channel;
    }

    ServerLink link() {
        return link;
    }

    RedisSettings settings() {
        return settings;
    }

    /**
     * Runs one command that answers at once on the shared connection and returns its answer.
     *
     * @param action what the command does, for the error: {@code "put a message"}
     * @throws RedisReplyException when the server answered with an error
     * @throws IOException naming the channel and the server when there is no connection or no
     *     answer within the timeouts
     */
    <T> T call(String action, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) throws IOException {
        CommandConnection connection = shared(action);
        RedisFuture<T> future;
        try {
            future = command.apply(connection.commands());
        } catch (RuntimeException e) {
            link.dropShared(connection);
            throw failure(action, Failures.describe(e), e);
        }
        return await(action, connection, future, link.description());
    }

    /**
     * Sends one command that answers at once on the shared connection and does not wait for its
     * answer: for a step whose failure the caller need not know and that must not cost it a round
     * trip. A failure is logged (at debug level) and otherwise ignored.
     *
     * @param action what the command does, for the log
     */
    void send(String action, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<?>> command) {
        try {
            command.apply(shared(action).commands()).whenComplete((answer, failure) -> {
                if (failure != null) {
                    log.debug("Could not {} on {}", action, link.description(), failure);
                }
            });
        } catch (IOException | RuntimeException e) {
            log.debug("Could not {} on {}", action, link.description(), e);
        }
    }

    /**
     * Runs one command without a key on the server that serves {@code key}: on a cluster, the node
     * that serves its hash slot; {@code PING}, {@code INFO} about a channel's server.
     *
     * @throws IOException as {@link #call}
     */
    <T> T callOnServerOf(byte[] key, String action, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command)
            throws IOException {
        CommandConnection connection = shared(action);
        ServerNode node;
        try {
            node = connection.nodeServing(key);
        } catch (IOException e) {
            throw failure(action, e.getMessage(), e);
        }
        return callOn(node, connection, action, command);
    }

    /**
     * Sends several commands over the shared connection in one write (one flush, one round trip)
     * and returns their answers in order. The commands are built but not sent
     * ({@link BatchCommands}); on a cluster each goes to the node that serves its key, so the
     * commands of one channel, whose keys share a hash slot, go to one node in one write. Other
     * threads' commands on the connection are never held back: the batch is handed to Lettuce
     * whole, rather than by turning off its flushing.
     *
     * @throws IOException as {@link #call}, for the first command that failed; the ones before it
     *     took effect, the ones after it may or may not have
     */
    <T> List<T> callEach(String action, List<RedisCommand<byte[], byte[], T>> commands) throws IOException {
        CommandConnection connection = shared(action);
        List<AsyncCommand<byte[], byte[], T>> futures = new ArrayList<>(commands.size());
        for (RedisCommand<byte[], byte[], T> command : commands) {
            futures.add(new AsyncCommand<>(command));
        }
        try {
            connection.dispatch(futures);
        } catch (RuntimeException e) {
            futures.forEach(future -> future.cancel(false));
            link.dropShared(connection);
            throw failure(action, Failures.describe(e), e);
        }
        List<T> answers = new ArrayList<>(futures.size());
        for (AsyncCommand<byte[], byte[], T> future : futures) {
            String part = futures.size() == 1 ? action : action + " (" + answers.size() + " of " + futures.size() + " done)";
            answers.add(await(part, connection, future, link.description()));
        }
        return answers;
    }

    /** Runs a command on the node over the shared connection: to where it was, whatever serves a key now. */
    private <T> T callOn(ServerNode node, CommandConnection connection, String action,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) throws IOException {
        String server = link.describe(node);
        RedisClusterAsyncCommands<byte[], byte[]> nodeCommands = await(action, connection, connection.commandsAt(node), server);
        RedisFuture<T> future;
        try {
            future = command.apply(nodeCommands);
        } catch (RuntimeException e) {
            link.dropShared(connection);
            throw failure(action, Failures.describe(e), e);
        }
        return await(action, connection, future, server);
    }

    private CommandConnection shared(String action) throws IOException {
        try {
            return link.shared(settings.connectTimeout());
        } catch (IOException e) {
            throw failure(action, e.getMessage(), e);
        }
    }

    /** @param server the server as the error names it */
    private <T> T await(String action, CommandConnection connection, CompletionStage<T> answer, String server)
            throws IOException {
        CompletableFuture<T> future = answer.toCompletableFuture();
        try {
            return Waiting.uninterruptibly(future, settings.commandTimeout().toNanos());
        } catch (TimeoutException e) {
            future.cancel(false);
            link.dropShared(connection); // answers may still come for what timed out: never read them as another's
            throw failure(action, noAnswer(server, settings.commandTimeout()), null);
        } catch (ExecutionException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof RedisCommandExecutionException reply) {
                throw new RedisReplyException("Cannot " + action + " (" + channel + "): the Redis server " + server
                        + " answered " + reply.getMessage(), reply.getMessage(), reply);
            }
            link.dropShared(connection);
            throw failure(action, "the connection to the Redis server " + server + " failed: " + Failures.describe(cause),
                    cause);
        }
    }

    /**
     * Runs a Lua script by its SHA-1; where the server (on a cluster, the node that serves the
     * keys) does not know it ({@code NOSCRIPT}: never told, restarted, failed over, flushed), runs
     * it by its source, which the server then keeps for the next time. All {@code keys} must be in
     * one hash slot; a channel's are.
     */
    <T> T script(LuaScript script, String action, byte[][] keys, byte[]... args) throws IOException {
        try {
            return call(action, commands -> commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args));
        } catch (RedisReplyException e) {
            if (!e.errorCode().equals("NOSCRIPT")) {
                throw e;
            }
        }
        byte[] source = script.source().getBytes(StandardCharsets.UTF_8);
        return call(action, commands -> commands.eval(source, ScriptOutputType.MULTI, keys, args));
    }

    /**
     * The outcome of a blocking read.
     *
     * @param result what the read returned; {@code null} when it was ended early or timed out on the
     *     server, or when on a cluster the key's slot moved, or is moving, to another node (the
     *     next read goes there)
     * @param interrupted whether the waiting thread was interrupted (its interrupt status is then clear)
     */
    record Blocked<T>(T result, boolean interrupted) {
    }

    /**
     * Runs a blocking read on a connection of this thread's own. It ends when the server answers,
     * when {@code wakeUp} completes, or when the thread is interrupted; in the last two cases it is
     * ended on the server ({@code CLIENT UNBLOCK}) and whatever it returned all the same (entries
     * a group read assigned meanwhile) is in the result, for the caller to keep or give back.
     *
     * @param key the key the read waits on, which says where it runs (on a cluster, the node that serves it)
     * @param blockMillis the read's own {@code BLOCK} time
     * @throws IOException naming the channel and the server when the read fails or the server
     *     does not answer within the block time plus the command timeout (never when interrupted:
     *     then the outcome says so)
     */
    <T> Blocked<T> blockingRead(String action, byte[] key, long blockMillis, CompletableFuture<?> wakeUp,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> read) throws IOException {
        BlockingConnection connection;
        try {
            connection = link.borrowBlocking(key, settings.connectTimeout(), settings.commandTimeout());
        } catch (IOException e) {
            throw failure(action, e.getMessage(), e);
        }
        String server = link.describe(connection.node());
        RedisFuture<T> future;
        try {
            future = read.apply(connection.connection().async());
        } catch (RuntimeException e) {
            link.discard(connection);
            throw failure(action, Failures.describe(e), e);
        }
        long boundNanos = TimeUnit.MILLISECONDS.toNanos(blockMillis) + settings.commandTimeout().toNanos();
        boolean interrupted = false;
        try {
            CompletableFuture.anyOf(future.toCompletableFuture(), wakeUp).get(boundNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException e) {
            // the read failed (looked at below), or the wake-up did (never: it is only ever completed normally)
        } catch (TimeoutException e) {
            future.cancel(false);
            link.discardLost(connection);
            throw failure(action, noAnswer(server, Duration.ofMillis(blockMillis).plus(settings.commandTimeout())), null);
        }
        if (!future.isDone()) {
            endBlockedRead(connection, future, boundNanos);
        }
        try {
            T result = future.get(0, TimeUnit.NANOSECONDS);
            link.giveBack(connection);
            return new Blocked<>(result, interrupted);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("A read that is done neither returned nor failed", e); // never: it is done
        } catch (ExecutionException e) {
            link.discard(connection);
            if (interrupted) {
                return new Blocked<>(null, true);
            }
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof RedisCommandExecutionException reply) {
                if (link.servedElsewhere(reply, settings.commandTimeout())) {
                    return new Blocked<>(null, false); // the slot moved (or moves) since the node was chosen: read again
                }
                throw new RedisReplyException("Cannot " + action + " (" + channel + "): the Redis server " + server
                        + " answered " + reply.getMessage(), reply.getMessage(), reply);
            }
            link.connectionLost();
            throw failure(action, "the connection to the Redis server " + server + " failed: " + Failures.describe(cause),
                    cause);
        }
    }

    /**
     * Ends a blocking read early, from the shared connection to the server (node) the read waits
     * on. A {@code CLIENT UNBLOCK} that reaches the server before the read does finds nothing to
     * end, so it is sent again until the read is over, within the bound. When the server cannot be
     * told (it does not answer), the read's connection is closed: whether the read goes on is unknown.
     */
    private void endBlockedRead(BlockingConnection connection, RedisFuture<?> read, long boundNanos) throws IOException {
        long deadline = System.nanoTime() + boundNanos;
        while (!read.isDone() && deadline - System.nanoTime() > 0) {
            try {
                callOn(connection.node(), shared("end a blocking read"), "end a blocking read",
                        commands -> commands.clientUnblock(connection.clientId(), UnblockType.TIMEOUT));
            } catch (IOException e) {
                read.cancel(false);
                link.discard(connection);
                throw e;
            }
            try {
                Waiting.uninterruptibly(read, Math.min(UNBLOCK_RETRY_NANOS, Math.max(0, deadline - System.nanoTime())));
            } catch (TimeoutException notYet) {
                // send another
            } catch (ExecutionException failed) {
                return; // over
            }
        }
        if (!read.isDone()) {
            read.cancel(false);
            link.discard(connection);
            throw failure("end a blocking read", noAnswer(link.describe(connection.node()), Duration.ofNanos(boundNanos)), null);
        }
    }

    /** An {@link IOException} for an action on this channel: {@code Cannot put a message (queue orders, ...): problem}. */
    IOException failure(String action, String problem, Throwable cause) {
        return new IOException("Cannot " + action + " (" + channel + "): " + problem, cause);
    }

    private String noAnswer(String server, Duration waited) {
        return "the Redis server " + server + " did not answer within " + waited.toMillis()
                + " ms (RedisSettings.commandTimeout " + settings.commandTimeout().toMillis() + " ms)";
    }

    @Override
    public String toString() {
        return channel + " at " + link.description();
    }
}
