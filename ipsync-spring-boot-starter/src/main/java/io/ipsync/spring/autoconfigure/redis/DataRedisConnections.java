package io.ipsync.spring.autoconfigure.redis;

import io.ipsync.spring.autoconfigure.redis.RedisConnection.HostAndPort;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * The {@link RedisConnection} that Spring Boot's {@link DataRedisConnectionDetails} describe: the
 * bean {@code spring-boot-data-redis} makes from {@code spring.data.redis.*}, or one of a service
 * connection (Testcontainers, Docker Compose). The modes are tried in Boot's order: Sentinel,
 * cluster, static master/replica, standalone. Loaded only where that module is on the class path.
 */
final class DataRedisConnections {

    private DataRedisConnections() {
    }

    /**
     * @param properties {@code spring.data.redis.*}, for what connection details do not carry: the
     *     timeouts (read by the caller), the client name and a {@code rediss://} URL
     */
    static RedisConnection connection(DataRedisConnectionDetails details, RedisConnectionProperties properties) {
        String url = properties.getUrl();
        boolean urlUsesTls = url != null && url.trim().toLowerCase(Locale.ROOT).startsWith("rediss:");
        boolean ssl = details.getSslBundle() != null || urlUsesTls;
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            return RedisConnection.sentinel(sentinel.getMaster(), nodes(sentinel.getNodes()), sentinel.getDatabase(),
                    details.getUsername(), details.getPassword(), sentinel.getUsername(), sentinel.getPassword(), ssl,
                    details.getSslBundle(), properties.getClientName());
        }
        if (details.getCluster() != null) {
            return RedisConnection.cluster(RedisConnectionProperties.PREFIX + ".cluster.nodes",
                    nodes(details.getCluster().getNodes()), details.getUsername(), details.getPassword(), ssl,
                    details.getSslBundle(), properties.getClientName());
        }
        if (details.getMasterReplica() != null) {
            return RedisConnection.masterReplica(RedisConnectionProperties.PREFIX + ".masterreplica.nodes",
                    nodes(details.getMasterReplica().getNodes()));
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        if (standalone == null) {
            throw new IllegalStateException("The DataRedisConnectionDetails bean " + details.getClass().getName()
                    + " describes neither a standalone server, Sentinels nor a cluster");
        }
        return RedisConnection.standalone(standalone.getHost(), standalone.getPort(), standalone.getDatabase(),
                details.getUsername(), details.getPassword(), ssl, details.getSslBundle(), properties.getClientName());
    }

    private static List<HostAndPort> nodes(List<DataRedisConnectionDetails.Node> nodes) {
        return nodes == null ? List.of() : nodes.stream().map(node -> new HostAndPort(node.host(), node.port())).toList();
    }
}
