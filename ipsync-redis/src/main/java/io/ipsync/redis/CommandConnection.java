package io.ipsync.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.RedisCommand;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The connection a {@link ServerLink} shares for the commands that answer at once, whether to a
 * single server or to a cluster. Its commands go where their key is served (on a cluster, Lettuce
 * routes each by its key's hash slot and follows {@code MOVED} and {@code ASK}); a command without
 * a key that is about a key's server ({@code PING}, {@code CLIENT UNBLOCK}) goes to a node named
 * explicitly.
 *
 * <p>Thread-safe, as Lettuce's connections are.
 */
interface CommandConnection {

    /** Commands that go where their keys are served. */
    RedisClusterAsyncCommands<byte[], byte[]> commands();

    /**
     * Sends commands built beforehand in one write, each where its key is served (on a cluster,
     * one write per node); they complete as their answers come.
     */
    void dispatch(Collection<? extends RedisCommand<byte[], byte[], ?>> commands);

    /**
     * The node that serves the key now, as far as this connection knows.
     *
     * @throws IOException when no node of the cluster serves the key's hash slot
     */
    ServerNode nodeServing(byte[] key) throws IOException;

    /** Commands that go to the node, connecting to it first if need be. */
    CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> commandsAt(ServerNode node);

    boolean isOpen();

    /** Closes the connection (on a cluster, its connections to every node); completes when it is closed. */
    CompletableFuture<Void> closeAsync();
}
