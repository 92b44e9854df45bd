package io.ipsync.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to a Redis Cluster, found through its seed nodes.
 *
 * <ul>
 * <li>The connection for commands that answer at once is a {@link StatefulRedisClusterConnection}
 * of a {@link RedisClusterClient}: Lettuce sends each command to the master that serves its key's
 * hash slot, and follows {@code MOVED} and {@code ASK} itself. A channel's keys share one hash
 * slot, so each command and each Lua script goes to one node.
 * <li>A blocking read's connection is a plain connection of a {@link RedisClient} to the master
 * that serves the key, so that it belongs to the waiting thread alone and its {@code CLIENT ID} is
 * known on that node, where {@code CLIENT UNBLOCK} is then sent. When the slot moved meanwhile,
 * the node answers {@code MOVED}, or while it moves {@code ASK}, or ends a read already waiting
 * with {@code UNBLOCKED} as the key leaves it ({@code MIGRATE}); the cluster's layout is then
 * learned again and the next read goes where the key is served.
 * <li>Lettuce learns the layout when the first connection is made, again when a command was
 * redirected or named a node or slot it did not know (adaptive refresh, unless the options given
 * are {@link ClusterClientOptions} with refresh options of their own), and again after a
 * connection broke or stopped answering, which is what a failed master looks like.
 * </ul>
 * Every node connection takes the TLS, credentials and client name of the first seed node, as
 * Lettuce's own do. Both clients share the given client resources, or resources of this
 * connector's own, shut down with it.
 *
 * <p>Thread-safe.
 */
final class ClusterConnector implements Connector {

    private static final Logger log = LoggerFactory.getLogger(ClusterConnector.class);

    private final RedisClusterClient cluster;

    /** For the plain connections of blocking reads to one node each. */
    private final RedisClient nodes;

    /** The resources made for this connector, or {@code null} when both clients share the caller's. */
    private final ClientResources ownResources;

    /** The first seed, with the connect timeout: what every node connection is made like. */
    private final RedisURI nodeTemplate;

    private final String description;

    private final AtomicBoolean refreshing = new AtomicBoolean();

    /** Whether the client learned the cluster's layout once: it makes no cluster connection before. */
    private volatile boolean layoutKnown;

    /**
     * @param seeds nodes to learn the cluster from, at least one; the first one's TLS and
     *     credentials apply to every node
     * @param resources the client resources to share, or {@code null} for the connector's own
     * @param baseOptions options to start from ({@code null} for Lettuce's defaults); see {@link #options}
     */
    ClusterConnector(List<RedisURI> seeds, Duration connectTimeout, ClientResources resources, ClientOptions baseOptions) {
        List<RedisURI> bounded = new ArrayList<>(seeds.size());
        for (RedisURI seed : seeds) {
            RedisURI copy = RedisUris.copy(seed);
            copy.setTimeout(connectTimeout); // bounds each handshake and each lookup of the cluster's layout
            bounded.add(copy);
        }
        this.nodeTemplate = bounded.get(0);
        this.description = RedisUris.describeCluster(seeds);
        this.ownResources = resources == null ? ClientResources.create() : null;
        ClientResources used = resources == null ? ownResources : resources;
        this.cluster = RedisClusterClient.create(used, bounded);
        this.cluster.setOptions(options(baseOptions, connectTimeout));
        this.nodes = RedisClient.create(used);
        this.nodes.setOptions(StandaloneConnector.options(baseOptions, connectTimeout));
    }

    /**
     * The transport's options ({@link StandaloneConnector#options}) as cluster options, with the
     * layout learned again whenever a command meets a sign that it changed, unless {@code base}
     * is {@link ClusterClientOptions} and so says itself how the layout is refreshed.
     */
    static ClusterClientOptions options(ClientOptions base, Duration connectTimeout) {
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder(StandaloneConnector.options(base, connectTimeout));
        if (!(base instanceof ClusterClientOptions)) {
            builder.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enableAdaptiveRefreshTrigger(RefreshTrigger.MOVED_REDIRECT, RefreshTrigger.ASK_REDIRECT,
                            RefreshTrigger.UNKNOWN_NODE, RefreshTrigger.UNCOVERED_SLOT)
                    .build());
        }
        return builder.build();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public CompletableFuture<CommandConnection> connect() {
        CompletableFuture<Void> layout = layoutKnown ? CompletableFuture.completedFuture(null)
                : cluster.refreshPartitionsAsync().toCompletableFuture().thenRun(() -> layoutKnown = true);
        return layout.thenCompose(known -> cluster.connectAsync(ByteArrayCodec.INSTANCE)).thenApply(ClusterConnection::new);
    }

    @Override
    public CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connect(ServerNode node) {
        if (node.isTheServer()) {
            throw new IllegalArgumentException("A connection to a cluster node needs the node's host and port");
        }
        RedisURI uri = RedisURI.builder(nodeTemplate).withHost(node.host()).withPort(node.port()).build();
        return nodes.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    }

    @Override
    public boolean servedElsewhere(RedisCommandExecutionException answer, Duration timeout) {
        String error = answer.getMessage() == null ? "" : answer.getMessage();
        if (!error.startsWith("MOVED ") && !error.startsWith("ASK ") && !error.startsWith("UNBLOCKED ")) {
            return false;
        }
        try {
            Waiting.uninterruptibly(cluster.refreshPartitionsAsync().toCompletableFuture(), timeout.toNanos());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("Could not learn the layout of the Redis cluster {} again after {}", description, error, e);
        }
        return true;
    }

    @Override
    public void connectionLost() {
        if (!refreshing.compareAndSet(false, true)) {
            return; // one lookup at a time, however many calls failed
        }
        try {
            cluster.refreshPartitionsAsync().whenComplete((done, failure) -> {
                refreshing.set(false);
                if (failure != null) {
                    log.debug("Could not learn the layout of the Redis cluster {} again", description, failure);
                }
            });
        } catch (RuntimeException e) { // shut down meanwhile
            refreshing.set(false);
            log.debug("Could not learn the layout of the Redis cluster {} again", description, e);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown(Duration timeout) {
        CompletableFuture<Void> clients = CompletableFuture.allOf(
                cluster.shutdownAsync(0, timeout.toMillis(), TimeUnit.MILLISECONDS),
                nodes.shutdownAsync(0, timeout.toMillis(), TimeUnit.MILLISECONDS));
        if (ownResources == null) {
            return clients;
        }
        return clients.handle((done, failure) -> failure).thenCompose(failure -> {
            CompletableFuture<Void> resources = new CompletableFuture<>();
            ownResources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS).addListener(shut -> {
                if (failure != null) {
                    resources.completeExceptionally(failure);
                } else {
                    resources.complete(null);
                }
            });
            return resources;
        });
    }

    /** A cluster connection: commands routed by key, and the nodes it knows. */
    private record ClusterConnection(StatefulRedisClusterConnection<byte[], byte[]> connection) implements CommandConnection {

        @Override
        public RedisClusterAsyncCommands<byte[], byte[]> commands() {
            return connection.async();
        }

        @Override
        public ServerNode nodeServing(byte[] key) throws IOException {
            int slot = SlotHash.getSlot(key);
            RedisClusterNode master = connection.getPartitions().getMasterBySlot(slot);
            if (master == null) {
                throw new IOException("no master of the Redis cluster serves the hash slot " + slot + " now");
            }
            return new ServerNode(master.getUri().getHost(), master.getUri().getPort());
        }

        @Override
        public CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> commandsAt(ServerNode node) {
            try {
                return connection.getConnectionAsync(node.host(), node.port()).thenApply(StatefulRedisConnection::async);
            } catch (RuntimeException e) { // a node the cluster's layout does not name (any more)
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void dispatch(Collection<? extends RedisCommand<byte[], byte[], ?>> commands) {
            connection.dispatch(commands);
        }

        @Override
        public boolean isOpen() {
            return connection.isOpen();
        }

        @Override
        public CompletableFuture<Void> closeAsync() {
            return connection.closeAsync();
        }
    }
}
