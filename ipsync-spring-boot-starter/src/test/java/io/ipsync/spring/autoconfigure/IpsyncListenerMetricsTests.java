package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.core.IpsyncTemplate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The meters of listener handling, tagged with the listener's id and the outcome, and of events
 * and data events: signals and values sent through the template and received by listeners, on
 * real channels.
 */
class IpsyncListenerMetricsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    static class Listeners {

        @IpsyncListener(value = "orders", id = "order-handler")
        void onOrder(Order order) {
            if (order.id().startsWith("poison")) {
                throw new IllegalStateException("cannot handle " + order.id());
            }
        }

        @IpsyncListener(value = "reload", id = "reloader")
        void onReload() {
        }

        @IpsyncListener(value = "settings", id = "settings-follower")
        void onSettings(Map<String, String> settings) {
            if (settings.containsKey("bad")) {
                throw new IllegalArgumentException("bad settings");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TestConfiguration {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        MetricsAutoConfiguration.class, IpsyncMetricsAutoConfiguration.class))
                .withUserConfiguration(TestConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.events.reload=reload.event", "ipsync.data-events.settings=settings.json",
                        "ipsync.fire-on-init=false", "ipsync.max-attempts=1");
    }

    @Test
    void eachHandlingIsTimedWithItsListenerAndOutcome() {
        runner().run(context -> {
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);

            template.send("orders", new Order("o-1")).join();
            template.send("orders", new Order("o-2")).join();
            template.send("orders", new Order("poison-1")).join();

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(handled(registry, "acknowledged")).isEqualTo(2);
                assertThat(handled(registry, "dead-lettered")).isEqualTo(1);
            });
            assertThat(registry.find("ipsync.messages.handled").timers()).allSatisfy(timer ->
                    assertThat(timer.getId().getTags()).extracting(tag -> tag.getKey())
                            .containsExactlyInAnyOrder("queue", "listener", "outcome"));
        });
    }

    @Test
    void signalsAndValuesAreCountedWhereSentAndWhereReceived() {
        runner().run(context -> {
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);

            template.signal("reload").join();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                    count(registry, "ipsync.signals.received", "event", "reload", "reloader", "success")).isEqualTo(1));
            template.publish("settings", Map.of("currency", "CHF")).join();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                    count(registry, "ipsync.values.received", "data.event", "settings", "settings-follower", "success"))
                    .isEqualTo(1));
            template.publish("settings", Map.of("bad", "yes")).join();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                    count(registry, "ipsync.values.received", "data.event", "settings", "settings-follower", "failure"))
                    .isEqualTo(1));

            assertThat(registry.get("ipsync.signals.sent").tag("event", "reload").counter().count()).isEqualTo(1);
            assertThat(registry.get("ipsync.values.published").tag("data.event", "settings").counter().count()).isEqualTo(2);
        });
    }

    private static long handled(SimpleMeterRegistry registry, String outcome) {
        Timer timer = registry.find("ipsync.messages.handled").tags("queue", "orders", "listener", "order-handler",
                "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static double count(SimpleMeterRegistry registry, String meter, String channelTag, String channel,
            String listener, String outcome) {
        Counter counter = registry.find(meter).tags(channelTag, channel, "listener", listener, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
