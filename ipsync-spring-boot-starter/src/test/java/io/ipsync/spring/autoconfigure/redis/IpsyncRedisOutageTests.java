package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.actuate.IpsyncEndpoint;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.autoconfigure.IpsyncEndpointAutoConfiguration;
import io.ipsync.spring.autoconfigure.IpsyncHealthContributorAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis going away and coming back: health follows the server, an application starts while it is
 * down, and its listeners resume by themselves once it is up.
 */
class IpsyncRedisOutageTests {

    /** Far beyond what recovery takes (a listener retries every second), so only a real failure reaches it. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path baseDir;

    @AfterEach
    void serverRunsForTheNextTest() throws Exception {
        redis.start();
        redis.commands().flushall();
    }

    record Order(String id) {
    }

    static class OrderHandler {

        final List<Order> handled = new CopyOnWriteArrayList<>();

        @IpsyncListener("orders")
        void onOrder(Order order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderHandlerConfiguration {

        @Bean
        OrderHandler orderHandler() {
            return new OrderHandler();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class, IpsyncHealthContributorAutoConfiguration.class,
                        IpsyncEndpointAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.transport=redis", "ipsync.queues.orders=orders",
                        "spring.data.redis.url=" + redis.uri(), "spring.data.redis.timeout=2s",
                        "spring.data.redis.connect-timeout=1s", "management.endpoints.web.exposure.include=ipsync");
    }

    private static Health health(AssertableApplicationContext context) {
        CompositeHealthContributor ipsync = context.getBean("ipsyncHealthContributor", CompositeHealthContributor.class);
        return ((HealthIndicator) ipsync.getContributor("orders")).health();
    }

    @Test
    void healthIsDownWhileTheServerIsStoppedAndUpAfterItRestarts() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);

            redis.stop();
            Health down = health(context);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("transport", "redis");
            assertThat(down.getDetails().get("problem").toString()).contains(redis.uri());

            redis.start();
            await().atMost(RECOVERY).until(() -> health(context).getStatus().equals(Status.UP));
        });
    }

    @Test
    void anApplicationStartedWhileRedisIsDownStartsReportsDownAndItsListenerHandlesAMessagePutOnceRedisIsUp()
            throws Exception {
        redis.stop();
        runner().withUserConfiguration(OrderHandlerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
            IpsyncEndpoint.ChannelDescriptor orders = context.getBean(IpsyncEndpoint.class).channel("orders");
            assertThat(orders.transport()).isEqualTo("redis");
            assertThat(orders.location()).isEqualTo(redis.uri() + "/orders");
            assertThat(orders.problem()).contains(redis.uri());

            redis.start();
            await().atMost(RECOVERY).until(() -> health(context).getStatus().equals(Status.UP));
            context.getBean("orders", JsonDataQueue.class).put(new Order("after the outage"));

            OrderHandler handler = context.getBean(OrderHandler.class);
            await().atMost(RECOVERY)
                    .untilAsserted(() -> assertThat(handler.handled).containsExactly(new Order("after the outage")));
            assertThat(context.getBean(IpsyncEndpoint.class).channel("orders").problem()).isNull();
        });
    }
}
