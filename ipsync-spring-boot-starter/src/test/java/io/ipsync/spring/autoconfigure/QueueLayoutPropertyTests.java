package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
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
}
