package io.ipsync.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.UnblockType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One channel's calls to its server: each bounded by the channel's timeouts, each failure an
 * {@link IOException} that names the channel, its key and the server.
 *
 * <p>Commands that answer at once go over the server's shared connection and wait without
 * regard to interrupts (they complete on an interrupted thread and leave its interrupt status
 * set). Blocking reads go over a connection of the waiting thread's own and can be ended early,
 * by a wake-up or an interrupt, with {@code CLIENT UNBLOCK} from the shared connection.
 *
 * <p>Thread-safe.
 */
final class ServerCalls {

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
    <T> T call(String action, Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) throws IOException {
        return callEach(action, List.of(command)).get(0);
    }

    /**
     * Sends several commands at once over the shared connection (one round trip) and returns
     * their answers in order.
     *
     * @throws IOException as {@link #call}, for the first command that failed; the ones before it
     *     took effect, the ones after it may or may not have
     */
    <T> List<T> callEach(String action, List<Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>>> commands)
            throws IOException {
        StatefulRedisConnection<byte[], byte[]> connection;
        try {
            connection = link.shared(settings.connectTimeout());
        } catch (IOException e) {
            throw failure(action, e.getMessage(), e);
        }
        List<RedisFuture<T>> futures = new ArrayList<>(commands.size());
        try {
            for (Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command : commands) {
                futures.add(command.apply(connection.async()));
            }
        } catch (RuntimeException e) {
            futures.forEach(future -> future.cancel(false));
            link.dropShared(connection);
            throw failure(action, Failures.describe(e), e);
        }
        List<T> answers = new ArrayList<>(futures.size());
        for (RedisFuture<T> future : futures) {
            String part = futures.size() == 1 ? action : action + " (" + answers.size() + " of " + futures.size() + " done)";
            answers.add(await(part, connection, future));
        }
        return answers;
    }

    private <T> T await(String action, StatefulRedisConnection<byte[], byte[]> connection, RedisFuture<T> future)
            throws IOException {
        try {
            return Waiting.uninterruptibly(future, settings.commandTimeout().toNanos());
        } catch (TimeoutException e) {
            future.cancel(false);
            link.dropShared(connection); // answers may still come for what timed out: never read them as another's
            throw failure(action, noAnswer(settings.commandTimeout()), null);
        } catch (ExecutionException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof RedisCommandExecutionException reply) {
                throw new RedisReplyException("Cannot " + action + " (" + channel + "): the Redis server " + link.description()
                        + " answered " + reply.getMessage(), reply.getMessage(), reply);
            }
            link.dropShared(connection);
            throw failure(action, "the connection to the Redis server " + link.description() + " failed: "
                    + Failures.describe(cause), cause);
        }
    }

    /** Runs a Lua script by its SHA-1, loading it first where the server does not know it yet ({@code NOSCRIPT}). */
    <T> T script(LuaScript script, String action, byte[][] keys, byte[]... args) throws IOException {
        try {
            return call(action, commands -> commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args));
        } catch (RedisReplyException e) {
            if (!e.errorCode().equals("NOSCRIPT")) {
                throw e;
            }
        }
        call("load the Lua script " + script.name(), commands -> commands.scriptLoad(script.source().getBytes(StandardCharsets.UTF_8)));
        return call(action, commands -> commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args));
    }

    /**
     * The outcome of a blocking read.
     *
     * @param result what the read returned; {@code null} when it was ended early or timed out on the server
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
     * @param blockMillis the read's own {@code BLOCK} time
     * @throws IOException naming the channel and the server when the read fails or the server
     *     does not answer within the block time plus the command timeout (never when interrupted:
     *     then the outcome says so)
     */
    <T> Blocked<T> blockingRead(String action, long blockMillis, CompletableFuture<?> wakeUp,
            Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> read) throws IOException {
        BlockingConnection connection;
        try {
            connection = link.borrowBlocking(settings.connectTimeout(), settings.commandTimeout());
        } catch (IOException e) {
            throw failure(action, e.getMessage(), e);
        }
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
            link.discard(connection);
            throw failure(action, noAnswer(Duration.ofMillis(blockMillis).plus(settings.commandTimeout())), null);
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
                throw new RedisReplyException("Cannot " + action + " (" + channel + "): the Redis server " + link.description()
                        + " answered " + reply.getMessage(), reply.getMessage(), reply);
            }
            throw failure(action, "the connection to the Redis server " + link.description() + " failed: "
                    + Failures.describe(cause), cause);
        }
    }

    /**
     * Ends a blocking read early. A {@code CLIENT UNBLOCK} that reaches the server before the read
     * does finds nothing to end, so it is sent again until the read is over, within the bound. When
     * the server cannot be told (it does not answer), the read's connection is closed: whether the
     * read goes on is unknown.
     */
    private void endBlockedRead(BlockingConnection connection, RedisFuture<?> read, long boundNanos) throws IOException {
        long deadline = System.nanoTime() + boundNanos;
        while (!read.isDone() && deadline - System.nanoTime() > 0) {
            try {
                call("end a blocking read", commands -> commands.clientUnblock(connection.clientId(), UnblockType.TIMEOUT));
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
            throw failure("end a blocking read", noAnswer(Duration.ofNanos(boundNanos)), null);
        }
    }

    /** An {@link IOException} for an action on this channel: {@code Cannot put a message (queue orders, ...): problem}. */
    IOException failure(String action, String problem, Throwable cause) {
        return new IOException("Cannot " + action + " (" + channel + "): " + problem, cause);
    }

    private String noAnswer(Duration waited) {
        return "the Redis server " + link.description() + " did not answer within " + waited.toMillis()
                + " ms (RedisSettings.commandTimeout " + settings.commandTimeout().toMillis() + " ms)";
    }

    @Override
    public String toString() {
        return channel + " at " + link.description();
    }
}
