package io.ipsync.spring.autoconfigure.redis;

import io.ipsync.redis.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;

/**
 * The Redis server the transport connects to, as Spring Boot's connection details or
 * {@code spring.data.redis.*} describe it: standalone, through Sentinel, or a Redis Cluster, with
 * its credentials, database and TLS. Holds credentials: {@link #toString()} never shows them.
 *
 * @param server the server as Lettuce takes it (for a cluster, its first seed node)
 * @param clusterSeeds a Redis Cluster's seed nodes; empty for a single server
 * @param sslBundle the bundle whose key and trust material TLS uses, or {@code null} for the JVM's defaults
 */
record RedisConnection(RedisURI server, List<RedisURI> clusterSeeds, SslBundle sslBundle) {

    RedisConnection {
        Objects.requireNonNull(server, "server");
        clusterSeeds = List.copyOf(clusterSeeds);
    }

    private RedisConnection(RedisURI server, SslBundle sslBundle) {
        this(server, List.of(), sslBundle);
    }

    /**
     * A server reached directly.
     *
     * @param username the ACL user, or {@code null} for the default user
     * @param password the password, or {@code null} for none
     */
    static RedisConnection standalone(String host, int port, int database, String username, String password, boolean ssl,
            SslBundle sslBundle, String clientName) {
        RedisURI.Builder server = RedisURI.Builder.redis(host, port).withDatabase(database).withSsl(ssl || sslBundle != null);
        return new RedisConnection(withClientName(withCredentials(server, username, password), clientName).build(), sslBundle);
    }

    /**
     * A server found through Sentinels, which follows a failover.
     *
     * @param nodes the Sentinels as {@code host:port}
     * @param sentinelUsername the Sentinels' own user, or {@code null}
     * @param sentinelPassword the Sentinels' own password, or {@code null}
     */
    static RedisConnection sentinel(String master, List<HostAndPort> nodes, int database, String username, String password,
            String sentinelUsername, String sentinelPassword, boolean ssl, SslBundle sslBundle, String clientName) {
        if (master == null || master.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("spring.data.redis.sentinel.master", master,
                    "the name of the master the Sentinels watch is required when Sentinel nodes are configured");
        }
        if (nodes.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException("spring.data.redis.sentinel.nodes", "",
                    "at least one Sentinel as host:port is required with spring.data.redis.sentinel.master");
        }
        boolean tls = ssl || sslBundle != null;
        RedisURI.Builder server = RedisURI.builder().withSentinelMasterId(master).withDatabase(database).withSsl(tls);
        for (HostAndPort node : nodes) {
            RedisURI.Builder sentinel = RedisURI.Builder.redis(node.host(), node.port()).withSsl(tls);
            server.withSentinel(withCredentials(sentinel, sentinelUsername, sentinelPassword).build());
        }
        return new RedisConnection(withClientName(withCredentials(server, username, password), clientName).build(), sslBundle);
    }

    /**
     * A Redis Cluster found through its seed nodes; every key of one channel is in one slot.
     *
     * @param property the property that names the nodes, for the message
     * @param nodes the cluster's seed nodes as {@code host:port}
     */
    static RedisConnection cluster(String property, List<HostAndPort> nodes, String username, String password,
            boolean ssl, SslBundle sslBundle, String clientName) {
        if (nodes.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(property, "", "at least one cluster node as host:port is required");
        }
        List<RedisURI> seeds = nodes.stream()
                .map(node -> withClientName(withCredentials(
                        RedisURI.Builder.redis(node.host(), node.port()).withSsl(ssl || sslBundle != null), username,
                        password), clientName).build())
                .toList();
        return new RedisConnection(seeds.get(0), seeds, sslBundle);
    }

    /** Whether this is a Redis Cluster. */
    boolean isCluster() {
        return !clusterSeeds.isEmpty();
    }

    /** Settings naming this server or cluster, to add the channel's own to. */
    RedisSettings.Builder settings() {
        RedisSettings.Builder settings = RedisSettings.builder();
        return isCluster() ? settings.cluster(clusterSeeds) : settings.server(server);
    }

    /** Static master/replica setups, which the transport does not take: fails naming the property. */
    static RedisConnection masterReplica(String property, List<HostAndPort> nodes) {
        throw new InvalidConfigurationPropertyValueException(property, HostAndPort.join(nodes),
                "the ipsync Redis transport connects to a standalone Redis server or to one found through Sentinel"
                        + " (spring.data.redis.sentinel.*), not to a static master/replica set");
    }

    /**
     * Lettuce client options for this connection: TLS with the bundle's key and trust material,
     * protocols and ciphers where there is a bundle; {@code null} (Lettuce's defaults) otherwise.
     */
    ClientOptions clientOptions() {
        if (sslBundle == null) {
            return null;
        }
        SslManagerBundle managers = sslBundle.getManagers();
        SslOptions.Builder ssl = SslOptions.builder()
                .keyManager(managers.getKeyManagerFactory())
                .trustManager(managers.getTrustManagerFactory());
        if (sslBundle.getOptions().getCiphers() != null) {
            ssl.cipherSuites(sslBundle.getOptions().getCiphers());
        }
        if (sslBundle.getOptions().getEnabledProtocols() != null) {
            ssl.protocols(sslBundle.getOptions().getEnabledProtocols());
        }
        return ClientOptions.builder().sslOptions(ssl.build()).build();
    }

    /** The server as log lines name it: {@code redis://app@host:6379/2}, never with a password. */
    String description() {
        return settings().build().serverDescription();
    }

    @Override
    public String toString() {
        return "RedisConnection[" + description() + (sslBundle == null ? "" : ", with an SSL bundle") + "]";
    }

    private static RedisURI.Builder withCredentials(RedisURI.Builder builder, String username, String password) {
        if (password != null && !password.isEmpty()) {
            if (username != null && !username.isEmpty()) {
                builder.withAuthentication(username, password.toCharArray());
            } else {
                builder.withPassword(password.toCharArray());
            }
        }
        return builder;
    }

    private static RedisURI.Builder withClientName(RedisURI.Builder builder, String clientName) {
        if (clientName != null && !clientName.isBlank()) {
            builder.withClientName(clientName);
        }
        return builder;
    }

    /** One node of a Sentinel or cluster setup. */
    record HostAndPort(String host, int port) {

        /**
         * Reads {@code host:port} as Spring Boot's {@code *.nodes} properties take it.
         *
         * @param property the property the node is configured by, for the message
         */
        static HostAndPort parse(String property, String node) {
            int colon = node == null ? -1 : node.lastIndexOf(':');
            if (colon <= 0 || colon == node.length() - 1) {
                throw new InvalidConfigurationPropertyValueException(property, node, "each node must be host:port");
            }
            try {
                return new HostAndPort(node.substring(0, colon).trim(), Integer.parseInt(node.substring(colon + 1).trim()));
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationPropertyValueException(property, node, "each node must be host:port");
            }
        }

        static List<HostAndPort> parseAll(String property, List<String> nodes) {
            return nodes == null ? List.of() : nodes.stream().map(node -> parse(property, node)).toList();
        }

        static String join(List<HostAndPort> nodes) {
            return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
