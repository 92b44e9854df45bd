package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.IpsyncEndpoint;
import io.ipsync.spring.actuate.QueueStatsCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health, the queue gauges and the endpoint share one reading of each queue's counters per
 * {@code ipsync.stats-cache-ttl}: readings are counted on the real queue channel, through a
 * file transport bean that wraps the real one.
 */
class QueueStatsCacheSharingTests {

    @TempDir
    Path baseDir;

    @Configuration(proxyBeanMethods = false)
    static class CountingConfiguration {

        @Bean
        StatsCountingFileTransport countingFileTransport() {
            return new StatsCountingFileTransport();
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                        IpsyncHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
                        IpsyncMetricsAutoConfiguration.class, IpsyncEndpointAutoConfiguration.class))
                .withUserConfiguration(CountingConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "management.endpoints.web.exposure.include=ipsync");
    }

    /** What a monitoring system does on each scrape: health, both gauges, and the endpoint. */
    private static void scrape(AssertableApplicationContext context) {
        HealthIndicator orders = (HealthIndicator) context.getBean("ipsyncHealthContributor",
                CompositeHealthContributor.class).getContributor("orders");
        assertThat(orders.health().getDetails()).containsEntry("waiting", 2L);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.get("ipsync.queue.depth").tag("queue", "orders").gauge().value()).isEqualTo(2);
        assertThat(registry.get("ipsync.queue.oldest.age").tag("queue", "orders").timeGauge().value()).isNotNaN();
        assertThat(context.getBean(IpsyncEndpoint.class).channel("orders").queue().waiting()).isEqualTo(2);
    }

    private static int readings(AssertableApplicationContext context) {
        return context.getBean(StatsCountingFileTransport.class).readings();
    }

    @Test
    void twoScrapesWithinTheTimeToLiveReadTheQueueOnce() {
        runner().withPropertyValues("ipsync.stats-cache-ttl=1h").run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).putAll(List.of("a", "b"));
            int before = readings(context);

            scrape(context);
            scrape(context);

            assertThat(readings(context) - before).isOne();
        });
    }

    @Test
    void scrapeAfterTheTimeToLiveReadsTheQueueAgain() {
        runner().withPropertyValues("ipsync.stats-cache-ttl=50ms").run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).putAll(List.of("a", "b"));
            scrape(context);
            int afterFirst = readings(context);

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                scrape(context);
                return readings(context) > afterFirst;
            });
        });
    }

    @Test
    void timeToLiveIsOneSecondByDefault() {
        runner().run(context -> assertThat(context.getBean(QueueStatsCache.class).timeToLive())
                .isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void negativeTimeToLiveFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.stats-cache-ttl=-1s").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isNotNull().hasMessageContaining("ipsync.stats-cache-ttl");
        });
    }
}
