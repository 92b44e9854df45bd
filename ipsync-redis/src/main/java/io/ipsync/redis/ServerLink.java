package io.ipsync.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis server as the transport talks to it: a Lettuce client, one shared connection for the
 * commands that answer at once, a pool of connections for blocking reads (one per waiting thread),
 * and the thread that renews the leases of its consumers' claims.
 *
 * <h2>Connections</h2>
 * Connections are made on demand, never when a channel opens, so a channel opens while the server
 * is down. They never reconnect by themselves: Lettuce's auto-reconnect is off and commands are
 * rejected while disconnected, so no command is replayed after a reconnect or queued behind a
 * caller's back. A connection that broke, or on which a command timed out, is dropped, and the
 * next call makes a new one within the connect timeout; a call during an outage therefore fails
 * within the connect timeout plus the command timeout. A connection to a Sentinel-managed server
 * asks the Sentinels for the master each time it is made, so it follows a failover.
 *
 * <p>Thread-safe. Shared by the channels of one {@link RedisTransport} on the same server and
 * closed by {@link ServerLinks} when the last of them is closed.
 */
final class ServerLink {

    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);

    /** Blocking connections kept open for the next waiter; more are closed when given back. */
    private static final int MAX_IDLE_BLOCKING = 8;

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;

    private final RedisURI uri;

    private final String description;

    private final Object lock = new Object();

    /** The shared connection, made or being made; guarded by {@link #lock}. */
    private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> shared;

    /** Guarded by {@link #lock}. */
    private final Deque<BlockingConnection> idleBlocking = new ArrayDeque<>();

    /** Every blocking connection handed out or idle, to close them all; guarded by {@link #lock}. */
    private final Set<BlockingConnection> blocking = new HashSet<>();

    /** Created with the first queue consumer; guarded by {@link #lock}. */
    private ScheduledExecutorService renewals;

    private volatile boolean closed;

    /**
     * @param resources the client resources to share, or {@code null} for the client's own (shut
     *     down with it)
     * @param baseOptions options to start from ({@code null} for Lettuce's defaults); the transport
     *     overrides reconnection, disconnected behaviour and the connect timeout
     */
    ServerLink(RedisURI server, Duration connectTimeout, ClientResources resources, ClientOptions baseOptions) {
        this.uri = RedisUris.copy(server);
        this.uri.setTimeout(connectTimeout); // bounds the handshake (HELLO, AUTH, SELECT) of every connection
        this.description = RedisUris.describe(server);
        this.client = resources == null ? RedisClient.create() : RedisClient.create(resources);
        ClientOptions base = baseOptions == null ? ClientOptions.create() : baseOptions;
        SocketOptions socket = base.getSocketOptions().mutate().connectTimeout(connectTimeout).keepAlive(true).build();
        client.setOptions(base.mutate()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                // Every wait is bounded by the channel's own timeouts (ServerCalls); Lettuce's expiry would
                // take the URI's timeout, which bounds the handshake here, and cut blocking reads short.
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build());
    }

    /** The server, as errors name it; never with a password. */
    String description() {
        return description;
    }

    /**
     * The shared connection, made now if there is none or it broke.
     *
     * @throws IOException naming the server when no connection could be made within the timeout
     */
    StatefulRedisConnection<byte[], byte[]> shared(Duration connectTimeout) throws IOException {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> current;
        synchronized (lock) {
            ensureOpen();
            current = shared;
            if (current == null || isBroken(current)) {
                closeWhenMade(current);
                current = connect();
                shared = current;
            }
        }
        try {
            return Waiting.uninterruptibly(current, connectTimeout.toNanos());
        } catch (ExecutionException e) {
            forgetShared(current);
            throw new IOException("Cannot connect to the Redis server " + description + ": " + Failures.describe(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            // Left in place: Lettuce ends the attempt within the same bound, and a connection made late is a good one.
            throw new IOException("Cannot connect to the Redis server " + description + " within " + connectTimeout
                    + " (connectTimeout)");
        }
    }

    /** Drops the shared connection if it is still {@code connection}: it broke or a command on it timed out. */
    void dropShared(StatefulRedisConnection<byte[], byte[]> connection) {
        boolean dropped;
        synchronized (lock) {
            dropped = shared != null && shared.isDone() && !shared.isCompletedExceptionally()
                    && shared.getNow(null) == connection;
            if (dropped) {
                shared = null;
            }
        }
        if (dropped) { // else another thread dropped it, or replaced it and closed it then
            connection.closeAsync();
        }
    }

    /**
     * A connection of this thread's own for a blocking read: an idle one, or a new one.
     *
     * @throws IOException naming the server when no connection could be made within the timeout
     */
    BlockingConnection borrowBlocking(Duration connectTimeout, Duration commandTimeout) throws IOException {
        synchronized (lock) {
            ensureOpen();
            while (!idleBlocking.isEmpty()) {
                BlockingConnection idle = idleBlocking.pop();
                if (idle.isOpen()) {
                    return idle;
                }
                blocking.remove(idle);
                idle.connection().closeAsync(); // broke while idle (an outage): Lettuce keeps it until closed
            }
        }
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connecting = connect();
        StatefulRedisConnection<byte[], byte[]> connection;
        try {
            connection = Waiting.uninterruptibly(connecting, connectTimeout.toNanos());
        } catch (ExecutionException e) {
            throw new IOException("Cannot connect to the Redis server " + description + ": " + Failures.describe(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            closeWhenMade(connecting);
            throw new IOException("Cannot connect to the Redis server " + description + " within " + connectTimeout
                    + " (connectTimeout)");
        }
        long clientId;
        try {
            clientId = Waiting.uninterruptibly(connection.async().clientId().toCompletableFuture(), commandTimeout.toNanos());
        } catch (ExecutionException | TimeoutException e) {
            connection.closeAsync();
            throw new IOException("The Redis server " + description + " did not tell a new connection its client id: "
                    + Failures.describe(e instanceof ExecutionException ? e.getCause() : e), e);
        }
        BlockingConnection made = new BlockingConnection(connection, clientId);
        synchronized (lock) {
            if (closed) {
                connection.closeAsync();
                throw closedException();
            }
            blocking.add(made);
        }
        return made;
    }

    /** Takes back a blocking connection whose last command completed normally. */
    void giveBack(BlockingConnection connection) {
        synchronized (lock) {
            if (!closed && connection.isOpen() && idleBlocking.size() < MAX_IDLE_BLOCKING) {
                idleBlocking.push(connection);
                return;
            }
            blocking.remove(connection);
        }
        connection.connection().closeAsync();
    }

    /** Closes a blocking connection whose state is unknown (a command on it failed or timed out). */
    void discard(BlockingConnection connection) {
        synchronized (lock) {
            blocking.remove(connection);
        }
        connection.connection().closeAsync();
    }

    /** How many connections this link holds now (the shared one, blocking ones in use or idle): for tests. */
    int connectionCount() {
        synchronized (lock) {
            return blocking.size() + (shared == null ? 0 : 1);
        }
    }

    /** The thread that renews the claims of this server's queue consumers; created on first use. */
    ScheduledExecutorService renewals() throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (renewals == null) {
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                    Thread thread = new Thread(task, "ipsync-redis-lease-renewer " + description);
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                renewals = executor;
            }
            return renewals;
        }
    }

    /**
     * Stops the renewal thread and shuts the client down, which closes every connection it made
     * (also one still being made), each within a bound.
     */
    void close() {
        ScheduledExecutorService renewalsToStop;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            blocking.clear();
            idleBlocking.clear();
            shared = null;
            renewalsToStop = renewals;
        }
        if (renewalsToStop != null) {
            renewalsToStop.shutdownNow();
            try {
                if (!renewalsToStop.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The lease renewer of {} did not stop within {}", description, SHUTDOWN_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            client.shutdownAsync(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(SHUTDOWN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The Redis client of {} did not shut down cleanly: {}", description, Failures.describe(e));
        }
    }

    private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connect() {
        return client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    }

    private void forgetShared(CompletableFuture<StatefulRedisConnection<byte[], byte[]>> failed) {
        synchronized (lock) {
            if (shared == failed) {
                shared = null;
            }
        }
    }

    private static boolean isBroken(CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection) {
        if (!connection.isDone()) {
            return false;
        }
        return connection.isCompletedExceptionally() || !connection.getNow(null).isOpen();
    }

    /** Closes the connection once it is made, at once if it is; for a connection nobody is going to use. */
    private static void closeWhenMade(CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection) {
        if (connection != null) {
            connection.whenComplete((made, failure) -> {
                if (made != null) {
                    made.closeAsync();
                }
            });
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw closedException();
        }
    }

    private IOException closedException() {
        return new IOException("The connection to the Redis server " + description + " is closed (its transport was closed)");
    }

    @Override
    public String toString() {
        return "ServerLink[" + description + "]";
    }
}
