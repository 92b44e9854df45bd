package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.util.Locale;

/**
 * Reads channel addresses written as URIs: {@code redis://[user:password@]host[:port][/db]/<channel>}
 * and the same with {@code rediss://} for TLS. The last path segment is the channel's name; a
 * segment before it, if any, is the database number (digits only), as in Lettuce's own server
 * URIs. Query parameters Lettuce knows ({@code timeout}, {@code clientName}, {@code verifyPeer}...)
 * apply to the server. Everything else comes from the transport's default settings.
 */
final class RedisAddresses {

    private static final String FORM = "redis[s]://[user:password@]host[:port][/database]/<channel>";

    private RedisAddresses() {
    }

    static ChannelAddress parse(URI uri, RedisSettings defaults) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String shown = RedisUris.withoutUserInfo(uri.toString());
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("Not a Redis channel address: " + shown + " (expected " + FORM + ")");
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
}
