package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisCluster;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Channels on a real three-node Redis Cluster that {@code spring.data.redis.cluster.nodes} names. */
class IpsyncRedisClusterTests {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @TempDir
    Path baseDir;

    record Order(String id, int quantity) {
    }

    private String nodes() {
        return cluster.nodes().stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
    }

    @Test
    void aQueueOnTheClusterThatSpringDataRedisPropertiesNameWorksEndToEnd() {
        new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.transport=redis",
                        "spring.data.redis.cluster.nodes=" + nodes(), "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().isCluster()).isTrue();
                    putAndTake(context.getBean("orders", JsonDataQueue.class), new Order("c-1", 1));
                });
    }

    @Test
    void aQueueOnTheClusterThatSpringBootsConnectionDetailsNameWorksEndToEnd() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        IpsyncAutoConfiguration.class, IpsyncRedisAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.transport=redis",
                        "spring.data.redis.cluster.nodes=" + nodes(), "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().isCluster()).isTrue();
                    putAndTake(context.getBean("orders", JsonDataQueue.class), new Order("c-2", 2));
                });
    }

    private static void putAndTake(JsonDataQueue queue, Order order) throws InterruptedException {
        queue.put(order);
        ReceivedMessage message = queue.receive(Duration.ofSeconds(30)).orElseThrow();
        try (message) {
            assertThat(message.payload().as(Order.class)).isEqualTo(order);
            message.acknowledge();
        }
        assertThat(cluster.nodeServing("{ipsync:orders}:stream").commands().xlen("{ipsync:orders}:stream")).isZero();
    }
}
