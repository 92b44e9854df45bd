package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannels;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code ipsync.sync-writes} and its per-channel override reach the file settings of every channel kind. */
class SyncWritesPropertyTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.events.reload=reload.event", "ipsync.data-events.settings=settings.json");
    }

    private static ChannelDefinition channel(AssertableApplicationContext context, String name) {
        return context.getBean(IpsyncChannels.class).find(name).orElseThrow();
    }

    @Test
    void writesAreNotForcedUnlessConfigured() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(channel(context, "orders").fileSettings().syncWrites()).isFalse();
            assertThat(channel(context, "reload").fileSettings().syncWrites()).isFalse();
            assertThat(channel(context, "settings").fileSettings().syncWrites()).isFalse();
        });
    }

    @Test
    void syncWritesTurnsForcingOnForEveryChannel() {
        runner().withPropertyValues("ipsync.sync-writes=true").run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            assertThat(channel(context, "orders").fileSettings().syncWrites()).isTrue();
            assertThat(channel(context, "reload").fileSettings().syncWrites()).isTrue();
            assertThat(channel(context, "settings").fileSettings().syncWrites()).isTrue();

            orders.put("durable order");
            assertThat(orders.receive(Duration.ofSeconds(30)).orElseThrow().payload().as(String.class))
                    .isEqualTo("durable order");
        });
    }

    @Test
    void aChannelCanTurnForcingOnOrOffForItself() {
        runner().withPropertyValues("ipsync.sync-writes=true", "ipsync.events.refresh.path=refresh.event",
                "ipsync.events.refresh.sync-writes=false", "ipsync.queues.payments.path=payments").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(channel(context, "refresh").fileSettings().syncWrites()).isFalse();
                    assertThat(channel(context, "reload").fileSettings().syncWrites()).isTrue();
                    assertThat(channel(context, "payments").fileSettings().syncWrites()).isTrue();
                });
        runner().withPropertyValues("ipsync.queues.payments.path=payments", "ipsync.queues.payments.sync-writes=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(channel(context, "payments").fileSettings().syncWrites()).isTrue();
                    assertThat(channel(context, "orders").fileSettings().syncWrites()).isFalse();
                });
    }
}
