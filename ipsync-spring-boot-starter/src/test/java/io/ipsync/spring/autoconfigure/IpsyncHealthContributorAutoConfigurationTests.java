package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.ChannelHealthIndicator;
import io.ipsync.spring.annotation.IpsyncListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health of every channel, one indicator per channel under {@code ipsync}. */
class IpsyncHealthContributorAutoConfigurationTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                        IpsyncHealthContributorAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.health.max-oldest-message-age=10m");
    }

    private static Health health(AssertableApplicationContext context, String channel) {
        CompositeHealthContributor ipsync = context.getBean("ipsyncHealthContributor", CompositeHealthContributor.class);
        HealthContributor contributor = ipsync.getContributor(channel);
        assertThat(contributor).isInstanceOf(ChannelHealthIndicator.class);
        return ((HealthIndicator) contributor).health();
    }

    @Test
    void healthHasOneIndicatorPerChannelRegisteredAsIpsync() {
        runner().withPropertyValues("ipsync.queues.orders=orders", "ipsync.events.reload=reload.event",
                "ipsync.data-events.settings=settings.json").run(context -> {
                    assertThat(context).hasNotFailed().hasBean("ipsyncHealthContributor");
                    CompositeHealthContributor ipsync = context.getBean("ipsyncHealthContributor",
                            CompositeHealthContributor.class);
                    assertThat(ipsync.stream().map(HealthContributors.Entry::name)).containsExactly("reload", "settings",
                            "orders");
                    assertThat(context.getBean(HealthContributorRegistry.class).getContributor("ipsync")).isSameAs(ipsync);
                });
    }

    static class OrderHandler {

        @IpsyncListener(value = "orders", autoStartup = "false")
        void onOrder(String order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderHandlerConfiguration {

        @Bean
        OrderHandler orderHandler() {
            return new OrderHandler();
        }
    }

    /** A message put an hour ago, in the queue directory {@code orders}. */
    private Path queueWithAnHourOldMessage() throws Exception {
        Path queue = Files.createDirectories(baseDir.resolve("orders"));
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        long nanos = TimeUnit.SECONDS.toNanos(anHourAgo.getEpochSecond()) + anHourAgo.getNano();
        Files.writeString(queue.resolve("q_" + nanos + "_" + "abcdefghijklmnopqrstuvwxyzABCDEF"), "{}");
        return queue;
    }

    @Test
    void queueThatThisApplicationConsumesIsDownWhenItsOldestMessageIsTooOld() throws Exception {
        Path queue = queueWithAnHourOldMessage();
        runner().withUserConfiguration(OrderHandlerConfiguration.class).withPropertyValues("ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = health(context, "orders");
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("waiting", 1L).containsEntry("kind", "queue")
                            .containsEntry("path", queue.toString()).containsKey("oldestWaitingAge");
                    assertThat(health.getDetails().get("problem").toString())
                            .contains("ipsync.health.max-oldest-message-age");
                });
    }

    /** A producer is not taken out of service because a consumer elsewhere is slow. */
    @Test
    void queueThatThisApplicationOnlyProducesToStaysUpWithAnOldBacklogReported() throws Exception {
        queueWithAnHourOldMessage();
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasNotFailed();
            Health health = health(context, "orders");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("waiting", 1L).doesNotContainKey("problem");
            assertThat(health.getDetails().get("backlog").toString())
                    .contains("ipsync.health.max-oldest-message-age").contains("no listener of this application");
        });
    }

    @Test
    void queueWithFreshMessagesIsUpWithItsCounters() {
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put("fresh");
            Health health = health(context, "orders");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("waiting", 1L).containsEntry("inFlight", 0L)
                    .containsEntry("scheduledRetries", 0L).containsEntry("deadLetters", 0L)
                    .containsKey("oldestWaitingAge").doesNotContainKey("problem");
        });
    }

    @Test
    void eventIsUpWhenItsDirectoryIsThere() {
        runner().withPropertyValues("ipsync.events.reload=signals/reload.event").run(context -> {
            assertThat(context).hasNotFailed();
            Health health = health(context, "reload");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("kind", "event").containsEntry("exists", false);
        });
    }

    @Test
    void queueWhoseDirectoryVanishedIsDown() {
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasNotFailed();
            Files.delete(baseDir.resolve("orders"));
            Health health = health(context, "orders");
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("problem").toString()).contains("does not exist");
        });
    }

    @Test
    void aMaxOldestMessageAgeThatIsNotPositiveFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders=orders", "ipsync.health.max-oldest-message-age=-1m")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("ipsync.health.max-oldest-message-age")
                        .hasMessageContaining("positive"));
    }

    @Test
    void healthIndicatorIsSwitchedOffByManagementHealthIpsyncEnabled() {
        runner().withPropertyValues("ipsync.queues.orders=orders", "management.health.ipsync.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ipsyncHealthContributor"));
    }

    @Test
    void noHealthContributorWhenIpsyncIsDisabled() {
        runner().withPropertyValues("ipsync.queues.orders=orders", "ipsync.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ipsyncHealthContributor"));
    }
}
