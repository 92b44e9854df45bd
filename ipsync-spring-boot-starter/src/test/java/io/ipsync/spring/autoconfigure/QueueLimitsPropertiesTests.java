package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueFullException;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A queue entry's {@code time-to-live}, {@code max-backlog} and {@code put-timeout} reach its queue bean. */
class QueueLimitsPropertiesTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders.path=orders");
    }

    @Test
    void aQueueHasNoLimitsUnlessConfigured() {
        runner().run(context -> {
            QueueOptions options = context.getBean("orders", JsonDataQueue.class).options();
            assertThat(options.timeToLive()).isNull();
            assertThat(options.maxBacklog()).isEqualTo(QueueOptions.UNBOUNDED);
            assertThat(options.putTimeout()).isZero();
        });
    }

    @Test
    void anEntrysLimitsBoundItsQueue() {
        runner().withPropertyValues("ipsync.queues.orders.time-to-live=10m", "ipsync.queues.orders.max-backlog=1",
                "ipsync.queues.orders.put-timeout=0s").run(context -> {
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    assertThat(orders.options().putTimeout()).isZero();
                    Instant before = Instant.now();
                    orders.put("first");
                    assertThatThrownBy(() -> orders.put("second")).isInstanceOf(QueueFullException.class)
                            .hasMessageContaining("maximum backlog is 1");
                    try (ReceivedMessage message = orders.receive(Duration.ofSeconds(30)).orElseThrow()) {
                        assertThat(message.metadata().expiresAt()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(10)));
                        message.acknowledge();
                    }
                });
    }

    @Test
    void aNegativeBacklogOrANonPositiveTimeToLiveFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders.max-backlog=-1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(invalidProperty(context.getStartupFailure())).isEqualTo("ipsync.queues.orders.max-backlog");
        });
        runner().withPropertyValues("ipsync.queues.orders.time-to-live=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(invalidProperty(context.getStartupFailure())).isEqualTo("ipsync.queues.orders.time-to-live");
        });
    }

    private static String invalidProperty(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationPropertyValueException invalid) {
                return invalid.getName();
            }
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in " + failure, failure);
    }
}
