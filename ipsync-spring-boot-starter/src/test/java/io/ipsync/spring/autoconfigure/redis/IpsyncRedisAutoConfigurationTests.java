package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.RedisSettings;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.channel.IpsyncChannels;
import io.lettuce.core.resource.ClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Channels switched to Redis by configuration alone, on a real {@code redis-server}: the server
 * from {@code spring.data.redis.*} or Spring Boot's connection details, keys from
 * {@code ipsync.redis.*} and each entry's {@code key}, transports mixed per channel.
 */
class IpsyncRedisAutoConfigurationTests {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path baseDir;

    @TempDir
    Path otherBaseDir;

    record Order(String id, int quantity) {
    }

    @BeforeEach
    void emptyServer() {
        redis.commands().flushall();
    }

    /** Without spring-boot-data-redis: ipsync reads spring.data.redis.* itself. */
    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    /** With spring-boot-data-redis: its connection details say where the server is. */
    private ApplicationContextRunner runnerWithSpringDataRedis() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        IpsyncAutoConfiguration.class, IpsyncRedisAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    private static Order takeOne(AssertableApplicationContext context, String queue) throws InterruptedException {
        ReceivedMessage message = context.getBean(queue, JsonDataQueue.class).receive(Duration.ofSeconds(10)).orElseThrow();
        try (message) {
            Order order = message.payload().as(Order.class);
            message.acknowledge();
            return order;
        }
    }

    @Test
    void aQueuePutInOneApplicationIsTakenInAnotherThroughTheServerTheUrlNames() {
        // The entry is written as for files: its path is ignored on Redis.
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri(),
                "ipsync.queues.orders.path=orders").run(producer -> {
                    assertThat(producer).hasNotFailed().hasSingleBean(RedisTransport.class);
                    JsonDataQueue orders = producer.getBean("orders", JsonDataQueue.class);
                    assertThat(orders.location()).isEqualTo(redis.uri() + "/orders");
                    orders.put(new Order("o-1", 2));
                });
        assertThat(redis.commands().xlen("{ipsync:orders}:stream")).isOne();
        assertThat(otherBaseDir.resolve("orders")).doesNotExist();

        runner().withPropertyValues("ipsync.base-dir=" + otherBaseDir, "ipsync.transport=redis",
                "spring.data.redis.url=" + redis.uri(), "ipsync.queues.orders.path=orders").run(consumer -> {
                    assertThat(consumer).hasNotFailed();
                    assertThat(takeOne(consumer, "orders")).isEqualTo(new Order("o-1", 2));
                });
        assertThat(baseDir.resolve("orders")).doesNotExist();
    }

    @Test
    void hostAndPortWithoutAUrlNameTheServer() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redis.port(), "ipsync.queues.orders=orders").run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    orders.put(new Order("o-2", 1));
                    assertThat(takeOne(context, "orders")).isEqualTo(new Order("o-2", 1));
                });
    }

    @Test
    void aFileQueueAndARedisQueueWorkSideBySideInOneApplication() {
        runner().withPropertyValues("spring.data.redis.url=" + redis.uri(), "ipsync.queues.local=local",
                "ipsync.queues.shared.path=shared", "ipsync.queues.shared.transport=redis").run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue local = context.getBean("local", JsonDataQueue.class);
                    JsonDataQueue shared = context.getBean("shared", JsonDataQueue.class);
                    assertThat(local.location()).isEqualTo(baseDir.resolve("local").toString());
                    assertThat(shared.location()).isEqualTo(redis.uri() + "/shared");

                    local.put(new Order("on-files", 1));
                    shared.put(new Order("on-redis", 2));

                    assertThat(takeOne(context, "local")).isEqualTo(new Order("on-files", 1));
                    assertThat(takeOne(context, "shared")).isEqualTo(new Order("on-redis", 2));
                    assertThat(baseDir.resolve("shared")).doesNotExist();
                    assertThat(redis.commands().keys("*local*")).isEmpty();
                });
    }

    @Test
    void aChannelMayStayOnFilesWhileTheRestMovesToRedis() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri(),
                "ipsync.queues.orders=orders", "ipsync.events.reload.path=reload.event",
                "ipsync.events.reload.transport=file").run(context -> {
                    assertThat(context).hasNotFailed();
                    IpsyncChannels channels = context.getBean(IpsyncChannels.class);
                    assertThat(channels.find("orders").orElseThrow().transport()).isEqualTo("redis");
                    assertThat(channels.find("reload").orElseThrow().transport()).isEqualTo("file");
                    assertThat(context.getBean("reload", io.ipsync.Event.class).location())
                            .isEqualTo(baseDir.resolve("reload.event").toString());
                });
    }

    @Test
    void anEntrysKeyNamesTheChannelOnTheServer() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri(),
                "ipsync.queues.orders.path=orders", "ipsync.queues.orders.key=legacy-orders").run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    assertThat(orders.location()).isEqualTo(redis.uri() + "/legacy-orders");
                    orders.put(new Order("o-3", 3));
                    assertThat(redis.commands().keys("*")).containsExactly("{ipsync:legacy-orders}:stream");
                });
    }

    @Test
    void theKeyPrefixPutsEveryKeyUnderIt() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri(),
                "ipsync.redis.key-prefix=shop:", "ipsync.queues.orders=orders", "ipsync.data-events.settings=settings.json")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("orders", JsonDataQueue.class).put(new Order("o-4", 4));
                    context.getBean("settings", io.ipsync.JsonDataEvent.class).signal(List.of("CHF"));
                    assertThat(redis.commands().keys("*")).containsExactlyInAnyOrder("{shop:orders}:stream",
                            "{shop:settings}:value");
                });
    }

    @Test
    void leaseBlockTimePrefetchAndSpringDataRedisTimeoutsBecomeTheTransportsDefaults() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri() + "/3",
                "ipsync.redis.lease=7s", "ipsync.redis.block-time=300ms", "ipsync.redis.prefetch=5", "spring.data.redis.timeout=4s",
                "spring.data.redis.connect-timeout=1500ms").run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisSettings defaults = context.getBean(RedisTransport.class).defaults();
                    assertThat(defaults.serverDescription()).isEqualTo(redis.uri() + "/3");
                    assertThat(defaults.keyPrefix()).isEqualTo("ipsync:");
                    assertThat(defaults.lease()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(defaults.blockSlice()).isEqualTo(Duration.ofMillis(300));
                    assertThat(defaults.prefetch()).isEqualTo(5);
                    assertThat(defaults.commandTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
                });
    }

    @Test
    void withoutSpringDataRedisTimeoutsTheTransportKeepsItsOwnBoundedOnes() {
        runner().withPropertyValues("ipsync.transport=redis").run(context -> {
            assertThat(context).hasNotFailed();
            RedisSettings defaults = context.getBean(RedisTransport.class).defaults();
            assertThat(defaults.serverDescription()).isEqualTo("redis://localhost:6379");
            assertThat(defaults.commandTimeout()).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
            assertThat(defaults.connectTimeout()).isEqualTo(RedisSettings.DEFAULT_CONNECT_TIMEOUT);
            assertThat(defaults.blockSlice()).isEqualTo(Duration.ofSeconds(1));
            assertThat(defaults.prefetch()).isEqualTo(RedisSettings.DEFAULT_PREFETCH);
            assertThat(defaults.lease()).isNull();
        });
    }

    @Test
    void sentinelPropertiesFindTheServerThroughTheSentinels() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.sentinel.master=main",
                "spring.data.redis.sentinel.nodes=127.0.0.1:26379,127.0.0.1:26380", "spring.data.redis.database=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().serverDescription())
                            .isEqualTo("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/2#main");
                });
    }

    @Test
    void aRedissUrlConnectsWithTls() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=rediss://redis.example.com:6380/1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().serverDescription())
                            .isEqualTo("rediss://redis.example.com:6380/1");
                });
    }

    @Test
    void sslEnabledConnectsWithTls() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.host=redis.example.com",
                "spring.data.redis.ssl.enabled=true").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().serverDescription())
                            .isEqualTo("rediss://redis.example.com:6379");
                });
    }

    @Test
    void anSslBundleWithoutSslBundlesFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.ssl.bundle=redis-client",
                "ipsync.queues.orders=orders")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.data.redis.ssl.bundle").hasMessageContaining("redis-client"));
    }

    @Test
    void aBlockTimeTheTransportRefusesFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.transport=redis", "ipsync.redis.block-time=1ms", "ipsync.queues.orders=orders")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ipsync.redis.block-time").hasMessageContaining("at least 10 ms"));
    }

    @Test
    void aPrefetchTheTransportRefusesFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.transport=redis", "ipsync.redis.prefetch=0", "ipsync.queues.orders=orders")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ipsync.redis.prefetch").hasMessageContaining("from 1 to 1000"));
    }

    @Test
    void aKeyPrefixWithBracesFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.transport=redis", "ipsync.redis.key-prefix={shop}", "ipsync.queues.orders=orders")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ipsync.redis.key-prefix"));
    }

    @Test
    void aClusterNodeThatIsNotHostAndPortFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.cluster.nodes=127.0.0.1", "ipsync.queues.orders=orders")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.data.redis.cluster.nodes").hasMessageContaining("host:port"));
    }

    @Test
    void anUnreadableUrlFailsStartupNamingThePropertyWithoutItsPassword() {
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=http://app:hunter2@example.com/0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.data.redis.url").hasMessageContaining("http://***@example.com/0")
                        .hasMessageNotContaining("hunter2"));
    }

    @Test
    void withSpringDataRedisItsConnectionDetailsNameTheServer() {
        runnerWithSpringDataRedis().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri(),
                "ipsync.queues.orders=orders").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataRedisConnectionDetails.class);
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    orders.put(new Order("o-5", 5));
                    assertThat(takeOne(context, "orders")).isEqualTo(new Order("o-5", 5));
                });
    }

    /** As a Testcontainers or Docker Compose service connection: a bean that wins over the properties. */
    @Configuration(proxyBeanMethods = false)
    static class ServiceConnection {

        @Bean
        DataRedisConnectionDetails redisServiceConnection() {
            return new DataRedisConnectionDetails() {

                @Override
                public Standalone getStandalone() {
                    return Standalone.of(redis.host(), redis.port());
                }
            };
        }
    }

    @Test
    void aServiceConnectionWinsOverTheProperties() {
        runnerWithSpringDataRedis().withUserConfiguration(ServiceConnection.class)
                .withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=redis://127.0.0.1:1",
                        "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().serverDescription()).isEqualTo(redis.uri());
                    context.getBean("orders", JsonDataQueue.class).put(new Order("o-6", 6));
                    assertThat(takeOne(context, "orders")).isEqualTo(new Order("o-6", 6));
                });
    }

    @Test
    void theTransportSharesSpringBootsClientResourcesAndLeavesThemToIt() {
        runnerWithSpringDataRedis().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ClientResources.class)
                            .hasBean("lettuceClientResources").doesNotHaveBean("ipsyncRedisClientResources");
                });
    }

    @Test
    void withoutSpringDataRedisTheTransportsOwnClientResourcesShutDownWithTheContext() {
        AtomicReference<ClientResources> resources = new AtomicReference<>();
        runner().withPropertyValues("ipsync.transport=redis", "spring.data.redis.url=" + redis.uri(),
                "ipsync.queues.orders=orders").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ClientResources.class)
                            .hasBean("ipsyncRedisClientResources");
                    resources.set(context.getBean(ClientResources.class));
                    context.getBean("orders", JsonDataQueue.class).put(new Order("o-7", 7));
                    assertThat(resources.get().eventExecutorGroup().isShuttingDown()).isFalse();
                });
        assertThat(resources.get().eventExecutorGroup().isShuttingDown()).isTrue();
    }

    @Test
    void anApplicationsOwnTransportBeanIsUsedAndNotHeldToSpringDataRedisProperties() {
        runner().withUserConfiguration(OwnTransport.class)
                .withPropertyValues("ipsync.transport=redis", "spring.data.redis.cluster.nodes=127.0.0.1:7000",
                        "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisTransport.class).defaults().keyPrefix()).isEqualTo("own:");
                    context.getBean("orders", JsonDataQueue.class).put(new Order("o-8", 8));
                    assertThat(redis.commands().keys("*")).containsExactly("{own:orders}:stream");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTransport {

        @Bean(destroyMethod = "close")
        RedisTransport ownTransport() {
            return new RedisTransport(redis.settings().keyPrefix("own:").build(), null, null);
        }
    }
}
