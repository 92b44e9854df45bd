package io.ipsync.redis;

import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the transport needs of Lettuce's {@link RedisURI}, which is mutable, compares without
 * credentials and TLS, and whose own copy builder drops Sentinel nodes: a full copy, a description
 * without secrets, and a key telling which URIs may share a connection; the same for the seed
 * nodes of a cluster.
 */
@SuppressWarnings("deprecation") // user name and password of a URI without a credentials provider of its own
final class RedisUris {

    private RedisUris() {
    }

    /** A copy of everything a connection uses: host or socket, Sentinels, database, TLS, credentials, names, timeout. */
    static RedisURI copy(RedisURI source) {
        RedisURI.Builder builder = RedisURI.builder(source);
        for (RedisURI sentinel : source.getSentinels()) {
            builder.withSentinel(copy(sentinel));
        }
        if (source.getSentinelMasterId() != null) {
            builder.withSentinelMasterId(source.getSentinelMasterId());
        }
        return builder.build();
    }

    /**
     * The server for log lines and errors: {@code redis://user@host:port/db}, {@code rediss://...}
     * for TLS, {@code redis-sentinel://host:port,host:port/db#master}, {@code redis-socket://path};
     * a password never.
     */
    static String describe(RedisURI uri) {
        String user = uri.getUsername() == null ? "" : uri.getUsername() + "@";
        String database = uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase();
        if (!uri.getSentinels().isEmpty()) {
            String nodes = uri.getSentinels().stream().map(node -> node.getHost() + ":" + node.getPort())
                    .collect(Collectors.joining(","));
            return (uri.isSsl() ? "rediss-sentinel://" : "redis-sentinel://") + user + nodes + database + "#"
                    + uri.getSentinelMasterId();
        }
        if (uri.getSocket() != null) {
            return "redis-socket://" + user + uri.getSocket() + database;
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + user + uri.getHost() + ":" + uri.getPort() + database;
    }

    /**
     * A key that is equal for two URIs exactly when one connection serves both: everything
     * {@link #copy} copies, credentials included. Never printed.
     */
    static String connectionKey(RedisURI uri) {
        StringBuilder key = new StringBuilder(describe(uri));
        key.append('|').append(uri.isSsl()).append('|').append(uri.isStartTls()).append('|').append(uri.getVerifyMode());
        key.append('|').append(uri.getClientName()).append('|').append(uri.getTimeout());
        key.append('|').append(uri.getUsername());
        char[] password = uri.getPassword();
        key.append('|').append(password == null ? "" : new String(password));
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (!(provider instanceof StaticCredentialsProvider)) {
            key.append('|').append(System.identityHashCode(provider)); // a provider of its own: shared only with itself
        }
        for (RedisURI sentinel : uri.getSentinels()) {
            key.append("|s:").append(connectionKey(sentinel));
        }
        return key.toString();
    }

    static boolean sameConnection(RedisURI one, RedisURI other) {
        return connectionKey(one).equals(connectionKey(other));
    }

    /**
     * A cluster for log lines and errors: {@code redis-cluster://user@host:port,host:port}, or
     * {@code rediss-cluster://...} with TLS, as the first seed node says; a password never.
     */
    static String describeCluster(List<RedisURI> seeds) {
        RedisURI first = seeds.get(0);
        String user = first.getUsername() == null ? "" : first.getUsername() + "@";
        String nodes = seeds.stream().map(RedisUris::hostAndPort).collect(Collectors.joining(","));
        return (first.isSsl() ? "rediss-cluster://" : "redis-cluster://") + user + nodes;
    }

    /** A key that is equal for two lists of seed nodes exactly when one cluster client serves both. Never printed. */
    static String clusterConnectionKey(List<RedisURI> seeds) {
        return seeds.stream().map(RedisUris::connectionKey).collect(Collectors.joining("|c:", "cluster|c:", ""));
    }

    /**
     * Checks seed nodes of a cluster: at least one; each a host and port (no socket, no Sentinels)
     * with database 0, the only one a cluster has; all alike in everything but host and port
     * (TLS, credentials, client name), since Lettuce makes every node connection like the first.
     *
     * @throws IllegalArgumentException saying which seed is wrong and why, without its password
     */
    static void requireClusterSeeds(List<RedisURI> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("A Redis cluster needs at least one seed node");
        }
        String first = null;
        for (RedisURI seed : seeds) {
            Objects.requireNonNull(seed, "seed");
            String shown = describe(seed);
            if (!seed.getSentinels().isEmpty() || seed.getSocket() != null || seed.getHost() == null) {
                throw new IllegalArgumentException("The Redis cluster seed node " + shown
                        + " is not a host and port (Sentinels and sockets cannot be cluster nodes)");
            }
            if (seed.getDatabase() != 0) {
                throw new IllegalArgumentException("The Redis cluster seed node " + shown + " names the database "
                        + seed.getDatabase() + ", but a cluster has only database 0");
            }
            String settings = nodeSettingsKey(seed);
            if (first == null) {
                first = settings;
            } else if (!first.equals(settings)) {
                throw new IllegalArgumentException("The Redis cluster seed node " + shown + " differs from the first, "
                        + describe(seeds.get(0)) + ", in TLS, credentials or client name; every node is connected to"
                        + " like the first");
            }
        }
    }

    /** Everything of a node's URI but host, port and timeout. Never printed. */
    private static String nodeSettingsKey(RedisURI seed) {
        RedisURI probe = copy(seed);
        probe.setHost("node");
        probe.setPort(0);
        probe.setTimeout(RedisURI.DEFAULT_TIMEOUT_DURATION);
        return connectionKey(probe);
    }

    private static String hostAndPort(RedisURI uri) {
        String host = uri.getHost().indexOf(':') >= 0 ? "[" + uri.getHost() + "]" : uri.getHost();
        return host + ":" + uri.getPort();
    }

    /** A URI text with anything between {@code ://} and {@code @} removed, for an error about it. */
    static String withoutUserInfo(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
    }
}
