package io.ipsync.redis;

import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A connection that one thread at a time uses for blocking reads, with the id the server knows it
 * by, so that another connection to the same server can end its wait
 * ({@code CLIENT UNBLOCK <id>}). Connections never reconnect by themselves (see
 * {@link ServerLink}), so the id stays valid for its life.
 *
 * @param connection the connection
 * @param clientId its {@code CLIENT ID}
 * @param node where it is connected: the cluster node that served the key it was made for, or
 *     {@link ServerNode#THE_SERVER}
 */
record BlockingConnection(StatefulRedisConnection<byte[], byte[]> connection, long clientId, ServerNode node) {

    boolean isOpen() {
        return connection.isOpen();
    }
}
