package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.MicrometerQueueObserver;
import io.ipsync.spring.actuate.QueueMetrics;
import io.ipsync.spring.annotation.IpsyncListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters of every queue, tagged with the queue's channel name. */
class IpsyncMetricsAutoConfigurationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    @Configuration(proxyBeanMethods = false)
    static class MeterRegistryConfiguration {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    static class OrderHandler {

        @IpsyncListener("orders")
        void onOrder(Order order) {
            if (order.id().startsWith("poison")) {
                throw new IllegalStateException("cannot handle " + order.id());
            }
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
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        MetricsAutoConfiguration.class, IpsyncMetricsAutoConfiguration.class))
                .withUserConfiguration(MeterRegistryConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.queues.invoices=invoices");
    }

    private static double count(MeterRegistry registry, String meter, String queue) {
        Counter counter = registry.find(meter).tag("queue", queue).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void meterBeansArePresentWithAMeterRegistry() {
        runner().run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(MicrometerQueueObserver.class)
                .hasSingleBean(QueueMetrics.class));
    }

    @Test
    void gaugesAreBoundToTheMeterRegistryThatBootConfigures() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, IpsyncMetricsAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(QueueMetrics.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean("orders", JsonDataQueue.class).put("A-1");
                    assertThat(registry.get("ipsync.queue.depth").tag("queue", "orders").gauge().value()).isEqualTo(1);
                    assertThat(count(registry, "ipsync.messages.sent", "orders")).isEqualTo(1);
                });
    }

    @Test
    void noMeterBeansWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncMetricsAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(MicrometerQueueObserver.class)
                        .doesNotHaveBean(QueueMetrics.class));
    }

    @Test
    void messagesPutAndHandledAreCountedAndTimedPerQueue() {
        runner().withUserConfiguration(OrderHandlerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            orders.put(new Order("a"));
            orders.putAll(List.of(new Order("b"), new Order("c")));
            context.getBean("invoices", JsonDataQueue.class).put("invoice");

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(registry.find("ipsync.messages.handling").tag("queue", "orders").timer())
                        .isNotNull()
                        .satisfies(timer -> assertThat(timer.count()).isEqualTo(3));
            });
            assertThat(count(registry, "ipsync.messages.sent", "orders")).isEqualTo(3);
            assertThat(count(registry, "ipsync.messages.received", "orders")).isEqualTo(3);
            assertThat(count(registry, "ipsync.messages.sent", "invoices")).isEqualTo(1);
            assertThat(count(registry, "ipsync.messages.received", "invoices")).isZero();
            assertThat(count(registry, "ipsync.messages.failed", "orders")).isZero();
        });
    }

    @Test
    void failuresAndDeadLettersAreCounted() {
        runner().withUserConfiguration(OrderHandlerConfiguration.class)
                .withPropertyValues("ipsync.max-attempts=2", "ipsync.backoff.initial-interval=10ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
                    context.getBean("orders", JsonDataQueue.class).put(new Order("poison-1"));

                    await().atMost(PATIENCE).untilAsserted(
                            () -> assertThat(count(registry, "ipsync.messages.dead.lettered", "orders")).isEqualTo(1));
                    assertThat(count(registry, "ipsync.messages.failed", "orders")).isEqualTo(2);
                    assertThat(count(registry, "ipsync.messages.received", "orders")).isEqualTo(2);
                    assertThat(registry.find("ipsync.messages.handling").tag("queue", "orders").timer())
                            .as("no message was acknowledged: no timer").isNull();
                });
    }

    @Test
    void depthGaugeReportsTheBacklogOfEachQueue() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            context.getBean("orders", JsonDataQueue.class).putAll(List.of("1", "2", "3", "4"));

            assertThat(registry.get("ipsync.queue.depth").tag("queue", "orders").gauge().value()).isEqualTo(4);
            assertThat(registry.get("ipsync.queue.depth").tag("queue", "invoices").gauge().value()).isZero();
            assertThat(registry.get("ipsync.queue.oldest.age").tag("queue", "orders").timeGauge()).isNotNull();
        });
    }
}
