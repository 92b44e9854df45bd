package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.QueueOptions;
import io.ipsync.spi.QueueChannel;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a Redis Cluster is named: settings, channel addresses, descriptions, errors; no server needed. */
class RedisClusterSettingsTest {

    private final RedisTransport transport = new RedisTransport();

    @Test
    void aClusterIsNamedByItsSeedNodesAndDescribedWithoutItsPassword() {
        RedisSettings settings = RedisSettings.builder()
                .cluster("redis://app:s3cret@node-1:7000", "redis://app:s3cret@node-2:7001")
                .build();

        assertThat(settings.isCluster()).isTrue();
        assertThat(settings.clusterSeeds()).extracting(RedisURI::getHost).containsExactly("node-1", "node-2");
        assertThat(settings.server().getHost()).as("the first seed").isEqualTo("node-1");
        assertThat(settings.serverDescription()).isEqualTo("redis-cluster://app@node-1:7000,node-2:7001");
        assertThat(settings.toString()).contains("redis-cluster://app@node-1:7000,node-2:7001").doesNotContain("s3cret");
        assertThat(RedisSettings.builder().cluster("rediss://node-1:7000").build().serverDescription())
                .isEqualTo("rediss-cluster://node-1:7000");
    }

    @Test
    void aServerSetAfterAClusterReplacesItAndTheOtherWayRound() {
        RedisSettings cluster = RedisSettings.builder().cluster("redis://node-1:7000").build();
        RedisSettings single = cluster.toBuilder().server("redis://cache:6379").build();

        assertThat(single.isCluster()).isFalse();
        assertThat(single.clusterSeeds()).isEmpty();
        assertThat(single.serverDescription()).isEqualTo("redis://cache:6379");
        assertThat(single.toBuilder().cluster(RedisURI.create("redis://node-1:7000")).build()).isEqualTo(cluster);
    }

    @Test
    void settingsAreEqualExactlyWhenTheSameClientServesThem() {
        RedisSettings one = RedisSettings.builder().cluster("redis://:a@node-1:7000", "redis://:a@node-2:7000").build();

        assertThat(RedisSettings.builder().cluster("redis://:a@node-1:7000", "redis://:a@node-2:7000").build())
                .isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(RedisSettings.builder().cluster("redis://:b@node-1:7000", "redis://:b@node-2:7000").build()).isNotEqualTo(one);
        assertThat(RedisSettings.builder().cluster("redis://:a@node-1:7000").build()).isNotEqualTo(one);
        assertThat(RedisSettings.builder().server("redis://:a@node-1:7000").build()).isNotEqualTo(one);
    }

    @Test
    void seedsThatCannotBeClusterNodesAreRefusedNamingTheSeedButNotItsPassword() {
        assertThatThrownBy(() -> RedisSettings.builder().cluster(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one seed");
        assertThatThrownBy(() -> RedisSettings.builder().cluster("redis://node-1:7000/2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://node-1:7000/2")
                .hasMessageContaining("only database 0");
        assertThatThrownBy(() -> RedisSettings.builder().cluster(RedisURI.create("redis-sentinel://node-1:26379#main")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Sentinels");
        assertThatThrownBy(() -> RedisSettings.builder().cluster("redis://:one@node-1:7000", "redis://:two@node-2:7000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node-2:7000")
                .hasMessageContaining("credentials").hasMessageNotContaining("one").hasMessageNotContaining("two");
        assertThatThrownBy(() -> RedisSettings.builder().cluster("redis://node-1:7000", "rediss://node-2:7000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
    }

    @Test
    void aClusterAddressListsItsSeedNodesBeforeTheChannel() {
        ChannelAddress address = transport.parseAddress(URI.create("redis-cluster://app:s3cret@node-1:7000,node-2:7001/orders"));

        RedisSettings settings = (RedisSettings) address.settings();
        assertThat(address.location()).isEqualTo("orders");
        assertThat(settings.isCluster()).isTrue();
        assertThat(settings.clusterSeeds()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
        assertThat(settings.clusterSeeds()).allSatisfy(seed -> {
            assertThat(seed.getUsername()).isEqualTo("app");
            assertThat(seed.getPassword()).isEqualTo("s3cret".toCharArray());
        });
        assertThat(transport.location(address)).isEqualTo("redis-cluster://app@node-1:7000,node-2:7001/orders");
        assertThat(ChannelAddress.parse("rediss-cluster://node-1:7000/orders").settings())
                .satisfies(parsed -> assertThat(((RedisSettings) parsed).clusterSeeds().get(0).isSsl()).isTrue());
        assertThat(transport.schemes()).contains("redis", "rediss", "redis-cluster", "rediss-cluster");
    }

    @Test
    void aClusterAddressWithADatabaseOrWithoutNodesIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> transport.parseAddress(URI.create("redis-cluster://:s3cret@node-1:7000/2/orders")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no database but 0")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> transport.parseAddress(URI.create("redis-cluster://:s3cret@node-1:7000,,node-2:7000/orders")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty cluster node")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> transport.parseAddress(URI.create("redis-cluster://node-1:7000/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected /<channel>");
    }

    @Test
    void aCallToAClusterThatCannotBeReachedFailsWithinTheConnectTimeoutNamingTheClusterNotItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RedisSettings settings = RedisSettings.builder().cluster("redis://:s3cret@127.0.0.1:" + closedPort)
                .connectTimeout(Duration.ofSeconds(1)).build();
        try (RedisTransport own = new RedisTransport();
                QueueChannel queue = own.openQueue(new ChannelAddress("redis", "unreachable", settings), QueueOptions.DEFAULTS)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> queue.put("1".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot put a message")
                    .hasMessageContaining("redis-cluster://127.0.0.1:" + closedPort + "/unreachable")
                    .hasMessageNotContaining("s3cret");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
