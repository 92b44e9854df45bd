package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.actuate.DeadLetterDescriptor;
import io.ipsync.spring.actuate.IpsyncEndpoint;
import io.ipsync.spring.actuate.IpsyncEndpoint.DeadLetterActionDescriptor;
import io.ipsync.spring.actuate.IpsyncEndpoint.DeadLettersDescriptor;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.autoconfigure.IpsyncEndpointAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The endpoint's dead-letter operations on a queue kept on a real {@code redis-server}: the same as on files. */
class IpsyncRedisEndpointTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    static class OrderHandler {

        volatile boolean fixed;

        final Map<String, Integer> handledAtAttempt = new ConcurrentHashMap<>();

        @IpsyncListener(value = "orders", id = "orders-worker")
        void onOrder(Order order, MessageMetadata metadata) {
            if (!fixed) {
                throw new IllegalStateException("cannot ship " + order.id());
            }
            handledAtAttempt.put(order.id(), metadata.attempt());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderHandlerConfiguration {

        @Bean
        OrderHandler orderHandler() {
            return new OrderHandler();
        }
    }

    @Test
    void deadLetterOnRedisIsShownAndRequeuedToTheRunningListener() {
        redis.commands().flushall();
        new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class, IpsyncEndpointAutoConfiguration.class))
                .withUserConfiguration(OrderHandlerConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.transport=redis",
                        "spring.data.redis.url=" + redis.uri(), "ipsync.queues.orders=orders", "ipsync.max-attempts=1",
                        "management.endpoints.web.exposure.include=ipsync")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IpsyncEndpoint endpoint = context.getBean(IpsyncEndpoint.class);
                    context.getBean("orders", JsonDataQueue.class).put(new Order("o-1"));
                    await().atMost(PATIENCE).until(() -> ((DeadLettersDescriptor) endpoint.collection("orders",
                            IpsyncEndpoint.DEAD_LETTERS, null)).count() == 1);
                    DeadLettersDescriptor listed = (DeadLettersDescriptor) endpoint.collection("orders",
                            IpsyncEndpoint.DEAD_LETTERS, null);
                    String id = listed.deadLetters().get(0).id();

                    DeadLetterDescriptor shown = (DeadLetterDescriptor) endpoint.item("orders",
                            IpsyncEndpoint.DEAD_LETTERS, id);
                    assertThat(shown.payload()).isEqualTo(Map.of("id", "o-1"));
                    assertThat(shown.exception()).contains("cannot ship o-1");
                    assertThat(shown.attempts()).isOne();

                    OrderHandler handler = context.getBean(OrderHandler.class);
                    handler.fixed = true;
                    DeadLetterActionDescriptor requeued = (DeadLetterActionDescriptor) endpoint.actOnItem("orders",
                            IpsyncEndpoint.DEAD_LETTERS, id, "requeue");

                    assertThat(requeued.count()).isOne();
                    await().atMost(PATIENCE).until(() -> handler.handledAtAttempt.containsKey("o-1"));
                    assertThat(handler.handledAtAttempt).containsEntry("o-1", 1);
                    assertThat(endpoint.channel("orders").queue().deadLetters()).isZero();
                });
    }
}
