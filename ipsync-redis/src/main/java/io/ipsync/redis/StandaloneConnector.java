package io.ipsync.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connections to a single server, or to the master that Sentinels name (asked again each time a
 * connection is made, so that connections follow a failover), through a {@link RedisClient}.
 *
 * <p>Thread-safe.
 */
final class StandaloneConnector implements Connector {

    private final RedisClient client;

    private final RedisURI uri;

    private final String description;

    /**
     * @param resources the client resources to share, or {@code null} for the client's own (shut
     *     down with it)
     * @param baseOptions options to start from ({@code null} for Lettuce's defaults); see {@link #options}
     */
    StandaloneConnector(RedisURI server, Duration connectTimeout, ClientResources resources, ClientOptions baseOptions) {
        this.uri = RedisUris.copy(server);
        this.uri.setTimeout(connectTimeout); // bounds the handshake (HELLO, AUTH, SELECT) of every connection
        this.description = RedisUris.describe(server);
        this.client = resources == null ? RedisClient.create() : RedisClient.create(resources);
        client.setOptions(options(baseOptions, connectTimeout));
    }

    /**
     * The options the transport's bounded failures rest on, over {@code base}: no reconnection,
     * commands rejected while disconnected, the connect timeout, TCP keep-alive, and no command
     * expiry of Lettuce's own.
     */
    static ClientOptions options(ClientOptions base, Duration connectTimeout) {
        ClientOptions start = base == null ? ClientOptions.create() : base;
        SocketOptions socket = start.getSocketOptions().mutate().connectTimeout(connectTimeout).keepAlive(true).build();
        return start.mutate()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                // Every wait is bounded by the channel's own timeouts (ServerCalls); Lettuce's expiry would
                // take the URI's timeout, which bounds the handshake here, and cut blocking reads short.
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public CompletableFuture<CommandConnection> connect() {
        return connect(ServerNode.THE_SERVER).thenApply(ServerConnection::new);
    }

    @Override
    public CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connect(ServerNode node) {
        return client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    }

    @Override
    public boolean servedElsewhere(RedisCommandExecutionException answer, Duration timeout) {
        return false;
    }

    @Override
    public void connectionLost() {
        // the next connection asks the Sentinels afresh, if there are any
    }

    @Override
    public CompletableFuture<Void> shutdown(Duration timeout) {
        return client.shutdownAsync(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The one connection to the one server. */
    private record ServerConnection(StatefulRedisConnection<byte[], byte[]> connection) implements CommandConnection {

        @Override
        public RedisClusterAsyncCommands<byte[], byte[]> commands() {
            return connection.async();
        }

        @Override
        public ServerNode nodeServing(byte[] key) {
            return ServerNode.THE_SERVER;
        }

        @Override
        public CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> commandsAt(ServerNode node) {
            return CompletableFuture.completedFuture(connection.async());
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
