package io.ipsync.spring.autoconfigure.redis;

import io.ipsync.spring.autoconfigure.redis.RedisConnection.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The {@link RedisConnection} that {@code spring.data.redis.*} describe, read the way Spring Boot
 * reads them: Sentinel when {@code sentinel.*} is set, otherwise the URL when set (it overrides
 * host, port, username, password and database), otherwise host and port. For applications without
 * {@code spring-boot-data-redis}.
 */
final class PropertiesRedisConnections {

    private static final String URL = RedisConnectionProperties.PREFIX + ".url";

    private static final String FORM = "redis://[[user]:password@]host[:port][/database], or rediss:// for TLS";

    private PropertiesRedisConnections() {
    }

    /**
     * @param sslBundles the application's SSL bundles, or {@code null} where it has none
     * @throws InvalidConfigurationPropertyValueException naming the property that is wrong (a URL
     *     is shown without its user information)
     */
    static RedisConnection connection(RedisConnectionProperties properties, SslBundles sslBundles) {
        Url url = properties.getUrl() == null || properties.getUrl().isBlank() ? null : Url.parse(properties.getUrl());
        String username = url != null ? url.username() : properties.getUsername();
        String password = url != null ? url.password() : properties.getPassword();
        int database = url != null ? url.database() : properties.getDatabase();
        boolean ssl = properties.getSsl().isEnabled() || (url != null && url.ssl());
        SslBundle sslBundle = sslBundle(properties, sslBundles);
        RedisConnectionProperties.Sentinel sentinel = properties.getSentinel();
        if (sentinel != null) {
            return RedisConnection.sentinel(sentinel.getMaster(),
                    HostAndPort.parseAll(RedisConnectionProperties.PREFIX + ".sentinel.nodes", sentinel.getNodes()), database,
                    username, password, sentinel.getUsername(), sentinel.getPassword(), ssl, sslBundle,
                    properties.getClientName());
        }
        if (properties.getCluster() != null && !properties.getCluster().getNodes().isEmpty()) {
            String property = RedisConnectionProperties.PREFIX + ".cluster.nodes";
            return RedisConnection.cluster(property, HostAndPort.parseAll(property, properties.getCluster().getNodes()),
                    username, password, ssl, sslBundle, properties.getClientName());
        }
        if (properties.getMasterreplica() != null && !properties.getMasterreplica().getNodes().isEmpty()) {
            String property = RedisConnectionProperties.PREFIX + ".masterreplica.nodes";
            return RedisConnection.masterReplica(property,
                    HostAndPort.parseAll(property, properties.getMasterreplica().getNodes()));
        }
        String host = url != null ? url.host() : properties.getHost();
        int port = url != null ? url.port() : properties.getPort();
        return RedisConnection.standalone(host, port, database, username, password, ssl, sslBundle, properties.getClientName());
    }

    private static SslBundle sslBundle(RedisConnectionProperties properties, SslBundles sslBundles) {
        String name = properties.getSsl().getBundle();
        if (!properties.getSsl().isEnabled() || name == null || name.isBlank()) {
            return null;
        }
        if (sslBundles == null) {
            throw new InvalidConfigurationPropertyValueException(RedisConnectionProperties.PREFIX + ".ssl.bundle", name,
                    "the application has no SSL bundles (spring.ssl.bundle.*)");
        }
        return sslBundles.getBundle(name);
    }

    /** {@code spring.data.redis.url}, read as Spring Boot reads it. */
    private record Url(String host, int port, String username, String password, int database, boolean ssl) {

        static Url parse(String text) {
            String shown = withoutUserInfo(text);
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new InvalidConfigurationPropertyValueException(URL, shown, "not a valid URI; expected " + FORM);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw new InvalidConfigurationPropertyValueException(URL, shown, "expected " + FORM);
            }
            if (uri.getHost() == null) {
                throw new InvalidConfigurationPropertyValueException(URL, shown, "names no host; expected " + FORM);
            }
            String username = null;
            String password = null;
            String userInfo = uri.getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    username = colon == 0 ? null : userInfo.substring(0, colon);
                    password = userInfo.substring(colon + 1);
                } else {
                    password = userInfo;
                }
            }
            return new Url(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), username, password,
                    database(uri.getPath(), shown), scheme.equals("rediss"));
        }

        private static int database(String path, String shown) {
            if (path == null || path.isEmpty() || path.equals("/")) {
                return 0;
            }
            try {
                return Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationPropertyValueException(URL, shown,
                        "its path must be a database number, not " + path + "; expected " + FORM);
            }
        }

        /** Never shown: holds the password. */
        @Override
        public String toString() {
            return "Url[" + host + ":" + port + "/" + database + "]";
        }
    }

    /** The URL with anything between {@code ://} and {@code @} replaced, for a message about it. */
    static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }
}
