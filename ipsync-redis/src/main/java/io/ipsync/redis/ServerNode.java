package io.ipsync.redis;

/**
 * The server a connection is made to: on a cluster, one node by its host and port, as the cluster
 * reports it; on a single server (also one found through Sentinels), {@link #THE_SERVER}, since
 * there is only one place to go.
 *
 * @param host the node's host, or {@code null} for {@link #THE_SERVER}
 * @param port the node's port, or 0 for {@link #THE_SERVER}
 */
record ServerNode(String host, int port) {

    /** The only server of a link that is not to a cluster. */
    static final ServerNode THE_SERVER = new ServerNode(null, 0);

    boolean isTheServer() {
        return host == null;
    }

    /** {@code host:port}, or {@code the server}. */
    @Override
    public String toString() {
        return isTheServer() ? "the server" : host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
