package io.ipsync.redis;

import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A connection that one thread at a time uses for blocking reads, with the id the server knows it
 * by, so that another connection can end its wait ({@code CLIENT UNBLOCK <id>}). Connections
 * never reconnect by themselves (see {@link ServerLink}), so the id stays valid for its life.
 *
 * @param connection the connection
 * @param clientId its {@code CLIENT ID}
 */
record BlockingConnection(StatefulRedisConnection<byte[], byte[]> connection, long clientId) {

    boolean isOpen() {
        return connection.isOpen();
    }
}
