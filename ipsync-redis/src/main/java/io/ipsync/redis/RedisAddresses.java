package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads channel addresses written as URIs:
 * <ul>
 * <li>{@code redis://[user:password@]host[:port][/db]/<channel>}, and the same with
 * {@code rediss://} for TLS: a single server. The last path segment is the channel's name; a
 * segment before it, if any, is the database number (digits only), as in Lettuce's own server
 * URIs.
 * <li>{@code redis-cluster://[user:password@]host:port[,host:port...]/<channel>}, and
 * {@code rediss-cluster://} for TLS: a Redis Cluster found through the seed nodes listed (host
 * names or IPv4 addresses), each with the same credentials; no database, a cluster has only 0.
 * </ul>
 * Query parameters Lettuce knows ({@code timeout}, {@code clientName}, {@code verifyPeer}...)
 * apply to the server, or to each seed node. Everything else comes from the transport's default
 * settings.
 */
final class RedisAddresses {

    /** The schemes of single servers, then of clusters. */
    static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-cluster", "rediss-cluster");

    private static final String FORM = "redis[s]://[user:password@]host[:port][/database]/<channel>";

    private static final String CLUSTER_FORM = "redis[s]-cluster://[user:password@]host:port[,host:port...]/<channel>";

    private RedisAddresses() {
    }

    static ChannelAddress parse(URI uri, RedisSettings defaults) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String shown = RedisUris.withoutUserInfo(uri.toString());
        if (scheme.equals("redis-cluster") || scheme.equals("rediss-cluster")) {
            return parseCluster(uri, scheme, shown, defaults);
        }
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("Not a Redis channel address: " + shown + " (expected " + FORM + " or "
                    + CLUSTER_FORM + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The Redis channel address " + shown + " names no host (expected " + FORM + ")");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String[] segments = path.replaceAll("^/+", "").split("/", -1);
        if (segments.length == 0 || segments[segments.length - 1].isEmpty()) {
            throw new IllegalArgumentException("The Redis channel address " + shown + " names no channel (expected " + FORM + ")");
        }
        if (segments.length > 2 || (segments.length == 2 && !segments[0].matches("\\d{1,5}"))) {
            throw new IllegalArgumentException("The Redis channel address " + shown + " has the path " + path
                    + "; expected [/database]/<channel> with a database number (expected " + FORM + ")");
        }
        String channel = segments[segments.length - 1];
        StringBuilder server = new StringBuilder(scheme).append("://").append(uri.getRawAuthority());
        if (segments.length == 2) {
            server.append('/').append(segments[0]);
        }
        if (uri.getRawQuery() != null) {
            server.append('?').append(uri.getRawQuery());
        }
        RedisURI redisUri;
        try {
            redisUri = RedisURI.create(server.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The Redis channel address " + shown + " names no usable server: "
                    + e.getMessage(), e);
        }
        RedisSettings settings = defaults.toBuilder().server(redisUri).key(null).build();
        return new ChannelAddress(RedisSettings.TRANSPORT, channel, settings);
    }

    private static ChannelAddress parseCluster(URI uri, String scheme, String shown, RedisSettings defaults) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("The Redis channel address " + shown + " names no cluster node (expected "
                    + CLUSTER_FORM + ")");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String channel = path.startsWith("/") ? path.substring(1) : path;
        if (channel.isEmpty() || channel.contains("/")) {
            throw new IllegalArgumentException("The Redis channel address " + shown + " has the path " + path
                    + "; expected /<channel>, a cluster has no database but 0 (expected " + CLUSTER_FORM + ")");
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String nodeScheme = scheme.equals("rediss-cluster") ? "rediss://" : "redis://";
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : authority.substring(at + 1).split(",", -1)) {
            if (node.isEmpty()) {
                throw new IllegalArgumentException("The Redis channel address " + shown + " lists an empty cluster node"
                        + " (expected " + CLUSTER_FORM + ")");
            }
            try {
                seeds.add(RedisURI.create(nodeScheme + userInfo + node + query));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The Redis channel address " + shown + " names the cluster node " + node
                        + ", which is not a usable host and port: " + e.getMessage(), e);
            }
        }
        RedisSettings settings = defaults.toBuilder().cluster(seeds).key(null).build();
        return new ChannelAddress(RedisSettings.TRANSPORT, channel, settings);
    }
}
