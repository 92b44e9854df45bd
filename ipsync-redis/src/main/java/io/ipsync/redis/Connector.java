package io.ipsync.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link ServerLink} reaches its server: the Lettuce client of a single server, of one found
 * through Sentinels ({@link StandaloneConnector}), or of a cluster ({@link ClusterConnector}). It
 * makes the connections, never anything else: pooling, bounds and errors are the link's and the
 * calls'. Every connection it makes never reconnects by itself and rejects commands while
 * disconnected, so nothing is replayed behind a caller's back.
 *
 * <p>Thread-safe.
 */
interface Connector {

    /** The connector for the settings' server or cluster. */
    static Connector of(RedisSettings settings, ClientResources resources, ClientOptions baseOptions) {
        return settings.isCluster()
                ? new ClusterConnector(settings.clusterSeeds(), settings.connectTimeout(), resources, baseOptions)
                : new StandaloneConnector(settings.server(), settings.connectTimeout(), resources, baseOptions);
    }

    /** The server or cluster as errors name it; never with a password. */
    String description();

    /** Starts making the connection for commands that answer at once. */
    CompletableFuture<CommandConnection> connect();

    /**
     * Starts making a plain connection to the node (the server, on a single server), of one
     * thread's own for its blocking reads.
     */
    CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connect(ServerNode node);

    /**
     * Whether an error answer to a blocking read sent to one node says that the key is served
     * elsewhere now or is leaving: {@code MOVED}; {@code ASK} while its slot moves; or
     * {@code UNBLOCKED}, a read already waiting when {@code MIGRATE} took the key away. Then the
     * cluster's layout is learned again, within the timeout, so that the next read goes where the
     * key is served. Never on a single server, where such answers are failures.
     */
    boolean servedElsewhere(RedisCommandExecutionException answer, Duration timeout);

    /**
     * A connection broke or stopped answering: on a cluster a node may have failed over, so its
     * layout is learned again in the background. Never throws.
     */
    void connectionLost();

    /** Shuts the client down (and resources of its own), closing every connection it made. */
    CompletableFuture<Void> shutdown(Duration timeout);
}
