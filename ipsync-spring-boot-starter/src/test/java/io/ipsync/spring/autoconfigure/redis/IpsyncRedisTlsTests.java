package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Channels on a redis-server that speaks TLS only, its self-signed certificate trusted through a
 * Spring Boot SSL bundle ({@code spring.data.redis.ssl.bundle}), as an application in production
 * trusts its server's CA.
 */
class IpsyncRedisTlsTests {

    @RegisterExtension
    static final RedisServer redis = RedisServer.withTls();

    @TempDir
    Path baseDir;

    record Order(String id, int quantity) {
    }

    private String[] tlsProperties() {
        return new String[] {"ipsync.base-dir=" + baseDir, "ipsync.transport=redis", "ipsync.queues.orders=orders",
            "spring.data.redis.url=" + redis.uri(), "spring.data.redis.ssl.enabled=true",
            "spring.data.redis.ssl.bundle=redis-ca",
            "spring.ssl.bundle.pem.redis-ca.truststore.certificate=file:" + redis.certificate()};
    }

    @Test
    void aQueueOnATlsServerTrustedThroughAnSslBundleWorksWithoutSpringDataRedis() {
        new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, JacksonAutoConfiguration.class,
                        IpsyncAutoConfiguration.class, IpsyncRedisAutoConfiguration.class))
                .withPropertyValues(tlsProperties())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    putAndTake(context.getBean("orders", JsonDataQueue.class), new Order("t-1", 1));
                });
    }

    @Test
    void aQueueOnATlsServerTrustedThroughAnSslBundleWorksWithSpringBootsConnectionDetails() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, JacksonAutoConfiguration.class,
                        DataRedisAutoConfiguration.class, IpsyncAutoConfiguration.class, IpsyncRedisAutoConfiguration.class))
                .withPropertyValues(tlsProperties())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    putAndTake(context.getBean("orders", JsonDataQueue.class), new Order("t-2", 2));
                });
    }

    private static void putAndTake(JsonDataQueue queue, Order order) throws InterruptedException {
        assertThat(queue.location()).startsWith("rediss://");
        queue.put(order);
        ReceivedMessage message = queue.receive(Duration.ofSeconds(30)).orElseThrow();
        try (message) {
            assertThat(message.payload().as(Order.class)).isEqualTo(order);
            message.acknowledge();
        }
    }
}
