package io.ipsync.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
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
 * One Redis server or cluster as the transport talks to it: a Lettuce client (through its
 * {@link Connector}), one shared connection for the commands that answer at once, a pool of
 * connections for blocking reads (one per waiting thread, each to the server or cluster node that
 * serves the key it reads), and the thread that renews the leases of its consumers' claims.
 *
 * <h2>Connections</h2>
 * Connections are made on demand, never when a channel opens, so a channel opens while the server
 * is down. They never reconnect by themselves: Lettuce's auto-reconnect is off and commands are
 * rejected while disconnected, so no command is replayed after a reconnect or queued behind a
 * caller's back. A connection that broke, or on which a command timed out, is dropped, and the
 * next call makes a new one within the connect timeout; a call during an outage therefore fails
 * within the connect timeout plus the command timeout. A connection to a Sentinel-managed server
 * asks the Sentinels for the master each time it is made, so it follows a failover; on a cluster,
 * a dropped connection makes the client learn the cluster's layout again (see {@link ClusterConnector}).
 *
 * <p>Thread-safe. Shared by the channels of one {@link RedisTransport} on the same server and
 * closed by {@link ServerLinks} when the last of them is closed.
 */
final class ServerLink {

    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);

    /** Blocking connections kept open for the next waiter; more are closed when given back. */
    private static final int MAX_IDLE_BLOCKING = 8;

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final Connector connector;

    private final String description;

    private final Object lock = new Object();

    /** The shared connection, made or being made; guarded by {@link #lock}. */
    private CompletableFuture<CommandConnection> shared;

    /** Guarded by {@link #lock}. */
    private final Deque<BlockingConnection> idleBlocking = new ArrayDeque<>();

    /** Every blocking connection handed out or idle, to close them all; guarded by {@link #lock}. */
    private final Set<BlockingConnection> blocking = new HashSet<>();

    /** Created with the first queue consumer; guarded by {@link #lock}. */
    private ScheduledExecutorService renewals;

    private volatile boolean closed;

    ServerLink(Connector connector) {
        this.connector = connector;
        this.description = connector.description();
    }

    /** The server or cluster, as errors name it; never with a password. */
    String description() {
        return description;
    }

    /**
     * The shared connection, made now if there is none or it broke.
     *
     * @throws IOException naming the server when no connection could be made within the timeout
     */
    CommandConnection shared(Duration connectTimeout) throws IOException {
        CompletableFuture<CommandConnection> current;
        boolean broke = false;
        synchronized (lock) {
            ensureOpen();
            current = shared;
            if (current == null || isBroken(current)) {
                broke = current != null;
                closeSharedWhenMade(current);
                current = connector.connect();
                shared = current;
            }
        }
        if (broke) {
            connector.connectionLost();
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

    /**
     * Drops the shared connection if it is still {@code connection}: it broke or a command on it
     * timed out (on a cluster, the connection to one of its nodes did).
     */
    void dropShared(CommandConnection connection) {
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
            connector.connectionLost();
        }
    }

    /**
     * A connection of this thread's own for a blocking read of the key, to the server or cluster
     * node that serves it now: an idle one, or a new one. The shared connection is made first if
     * there is none: it knows the cluster's layout, and it is where the read is ended from.
     *
     * @throws IOException naming the server (and node) when no connection could be made within the timeout
     */
    BlockingConnection borrowBlocking(byte[] key, Duration connectTimeout, Duration commandTimeout) throws IOException {
        ServerNode node = shared(connectTimeout).nodeServing(key);
        synchronized (lock) {
            ensureOpen();
            for (Iterator<BlockingConnection> idle = idleBlocking.iterator(); idle.hasNext();) {
                BlockingConnection candidate = idle.next();
                if (!candidate.isOpen()) {
                    idle.remove();
                    blocking.remove(candidate);
                    candidate.connection().closeAsync(); // broke while idle (an outage): Lettuce keeps it until closed
                } else if (candidate.node().equals(node)) {
                    idle.remove();
                    return candidate;
                }
            }
        }
        String server = describe(node);
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connecting = connector.connect(node);
        StatefulRedisConnection<byte[], byte[]> connection;
        try {
            connection = Waiting.uninterruptibly(connecting, connectTimeout.toNanos());
        } catch (ExecutionException e) {
            connector.connectionLost();
            throw new IOException("Cannot connect to the Redis server " + server + ": " + Failures.describe(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            closeBlockingWhenMade(connecting);
            connector.connectionLost();
            throw new IOException("Cannot connect to the Redis server " + server + " within " + connectTimeout
                    + " (connectTimeout)");
        }
        long clientId;
        try {
            clientId = Waiting.uninterruptibly(connection.async().clientId().toCompletableFuture(), commandTimeout.toNanos());
        } catch (ExecutionException | TimeoutException e) {
            connection.closeAsync();
            throw new IOException("The Redis server " + server + " did not tell a new connection its client id: "
                    + Failures.describe(e instanceof ExecutionException ? e.getCause() : e), e);
        }
        BlockingConnection made = new BlockingConnection(connection, clientId, node);
        synchronized (lock) {
            if (closed) {
                connection.closeAsync();
                throw closedException();
            }
            blocking.add(made);
        }
        return made;
    }

    /**
     * Whether an error answer to a blocking read says that its key is served by another node now,
     * or is moving there; then the cluster's layout has been learned again (within the timeout),
     * so that the next blocking read goes to the right node. Never on a single server.
     */
    boolean servedElsewhere(RedisCommandExecutionException answer, Duration timeout) {
        return connector.servedElsewhere(answer, timeout);
    }

    /** The server, or on a cluster the cluster and the node: {@code redis-cluster://a:7000,b:7000 (node b:7000)}. */
    String describe(ServerNode node) {
        return node.isTheServer() ? description : description + " (node " + node + ")";
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

    /** Closes a blocking connection that stopped answering: on a cluster, its node may have failed. */
    void discardLost(BlockingConnection connection) {
        discard(connection);
        connectionLost();
    }

    /** A connection broke: on a cluster, a node may have failed, so the cluster's layout is learned again. */
    void connectionLost() {
        connector.connectionLost();
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
        CompletableFuture<CommandConnection> sharedToClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            blocking.clear();
            idleBlocking.clear();
            sharedToClose = shared;
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
        if (sharedToClose != null && sharedToClose.isDone() && !sharedToClose.isCompletedExceptionally()) {
            // Closed before the client shuts down: a cluster connection closes its node connections itself,
            // which the client would otherwise close a second time (and warn of it).
            try {
                sharedToClose.getNow(null).closeAsync().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("The shared connection to {} did not close within {}", description, SHUTDOWN_TIMEOUT, e);
            }
        }
        try {
            connector.shutdown(SHUTDOWN_TIMEOUT).get(SHUTDOWN_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The Redis client of {} did not shut down cleanly: {}", description, Failures.describe(e));
        }
    }

    private void forgetShared(CompletableFuture<CommandConnection> failed) {
        synchronized (lock) {
            if (shared == failed) {
                shared = null;
            }
        }
    }

    private static boolean isBroken(CompletableFuture<CommandConnection> connection) {
        if (!connection.isDone()) {
            return false;
        }
        return connection.isCompletedExceptionally() || !connection.getNow(null).isOpen();
    }

    /** Closes the connection once it is made, at once if it is; for a connection nobody is going to use. */
    private static void closeSharedWhenMade(CompletableFuture<CommandConnection> connection) {
        if (connection != null) {
            connection.whenComplete((made, failure) -> {
                if (made != null) {
                    made.closeAsync();
                }
            });
        }
    }

    private static void closeBlockingWhenMade(CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection) {
        connection.whenComplete((made, failure) -> {
            if (made != null) {
                made.closeAsync();
            }
        });
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
