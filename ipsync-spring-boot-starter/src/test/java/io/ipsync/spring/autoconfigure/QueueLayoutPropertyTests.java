package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.file.FileSettings;
import io.ipsync.spring.channel.IpsyncChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code ipsync.queues.<name>.layout: journal} creates the queue as a journal; naming the other layout of an existing queue fails startup. */
class QueueLayoutPropertyTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.telemetry.path=telemetry");
    }

    @Test
    void aQueueEntryWithTheJournalLayoutIsAJournal() {
        runner().withPropertyValues("ipsync.queues.telemetry.layout=journal").run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue telemetry = context.getBean("telemetry", JsonDataQueue.class);
            telemetry.put("reading");
            assertThat(baseDir.resolve("telemetry/journal/meta")).isRegularFile();
            assertThat(telemetry.receive(Duration.ofSeconds(30)).orElseThrow().payload().as(String.class))
                    .isEqualTo("reading");
        });
        runner().run(context -> {
            assertThat(context).as("an existing journal opens as it is, without the layout").hasNotFailed();
            context.getBean("telemetry", JsonDataQueue.class).put("more");
        });
        runner().withPropertyValues("ipsync.queues.telemetry.layout=files").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(baseDir.resolve("telemetry").toString())
                    .hasMessageContaining("'journal', not the 'files'");
        });
    }

    @Test
    void aJournalQueuesOwnSettingsReachItAndABadSegmentSizeFailsStartupNamingItsProperty() {
        runner().withPropertyValues("ipsync.queues.telemetry.layout=journal", "ipsync.queues.telemetry.journal-segment-size=128KB",
                "ipsync.queues.telemetry.max-message-size=64KB",
                "ipsync.queues.telemetry.journal-max-backlog=4MB", "ipsync.queues.telemetry.journal-full-timeout=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FileSettings files = context.getBean(IpsyncChannels.class).find("telemetry").orElseThrow().fileSettings();
                    assertThat(files.journalSegmentSize()).isEqualTo(128 * 1024);
                    assertThat(files.journalMaxBacklog()).isEqualTo(4 * 1024 * 1024);
                    assertThat(files.journalFullTimeout()).isEqualTo(Duration.ofSeconds(2));
                    context.getBean("telemetry", JsonDataQueue.class).put("reading");
                    try (var segments = Files.list(baseDir.resolve("telemetry/journal"))) {
                        assertThat(segments.filter(file -> file.getFileName().toString().endsWith(".seg")))
                                .allSatisfy(segment -> assertThat(Files.size(segment)).isEqualTo(128 * 1024));
                    }
                });
        runner().withPropertyValues("ipsync.queues.telemetry.journal-segment-size=1000B").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
            assertThat(((InvalidConfigurationPropertyValueException) failure).getName())
                    .isEqualTo("ipsync.queues.telemetry.journal-segment-size");
        });
    }
}
