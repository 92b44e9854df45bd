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
import tools.jackson.databind.json.JsonMapper;

/** {@code ipsync.sync-writes} and its per-channel override reach the options of every channel kind. */
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
            assertThat(context.getBean("orders", JsonDataQueue.class).options().syncWrites()).isFalse();
            assertThat(channel(context, "reload").eventOptions().syncWrites()).isFalse();
            assertThat(channel(context, "settings").dataEventOptions(JsonMapper.builder().build()).syncWrites()).isFalse();
        });
    }

    @Test
    void syncWritesTurnsForcingOnForEveryChannel() {
        runner().withPropertyValues("ipsync.sync-writes=true").run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            assertThat(orders.options().syncWrites()).isTrue();
            assertThat(channel(context, "reload").eventOptions().syncWrites()).isTrue();
            assertThat(channel(context, "settings").dataEventOptions(JsonMapper.builder().build()).syncWrites()).isTrue();

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
                    assertThat(channel(context, "refresh").eventOptions().syncWrites()).isFalse();
                    assertThat(channel(context, "reload").eventOptions().syncWrites()).isTrue();
                    assertThat(context.getBean("payments", JsonDataQueue.class).options().syncWrites()).isTrue();
                });
        runner().withPropertyValues("ipsync.queues.payments.path=payments", "ipsync.queues.payments.sync-writes=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("payments", JsonDataQueue.class).options().syncWrites()).isTrue();
                    assertThat(context.getBean("orders", JsonDataQueue.class).options().syncWrites()).isFalse();
                });
    }
}
