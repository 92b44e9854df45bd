package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.QueueStats;
import io.ipsync.ReceivedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipsync put --delay, --ttl, --max-backlog, --put-timeout}. */
class PutTimeAndBoundsOptionsTest {

    @TempDir
    Path temp;

    @Test
    void aDelayedPutIsScheduledAndNotWaiting() {
        Path queue = temp.resolve("queue");

        CommandRun put = run("put", "--delay", "1h", queue.toString(), "1", "2");

        assertThat(put.exitCode()).as(put.err()).isZero();
        try (JsonDataQueue opened = JsonDataQueue.open(queue)) {
            QueueStats stats = opened.stats();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.scheduledRetries()).isEqualTo(2);
        }
    }

    @Test
    void aTimeToLiveIsStampedOnEachMessage() throws Exception {
        Path queue = temp.resolve("queue");
        Instant before = Instant.now();

        assertThat(run("put", "--ttl", "10m", queue.toString(), "{\"a\":1}").exitCode()).isZero();

        try (JsonDataQueue opened = JsonDataQueue.open(queue);
                ReceivedMessage message = opened.receive(Duration.ofSeconds(30)).orElseThrow()) {
            assertThat(message.metadata().header(MessageMetadata.EXPIRES_HEADER)).isNotNull();
            assertThat(message.metadata().expiresAt()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(10)));
            message.acknowledge();
        }
    }

    @Test
    void aFullQueueIsRefusedNamingTheQueueAndTheLimitAndNothingIsPut() {
        Path queue = temp.resolve("queue");
        assertThat(run("put", queue.toString(), "1", "2").exitCode()).isZero();

        CommandRun full = run("put", "--max-backlog", "2", queue.toString(), "3");

        assertThat(full.exitCode()).isEqualTo(3);
        assertThat(full.err()).contains(queue.toString()).contains("maximum backlog is 2");
        try (JsonDataQueue opened = JsonDataQueue.open(queue)) {
            assertThat(opened.size()).isEqualTo(2);
        }
    }

    @Test
    void optionsThatCannotWorkAreUsageErrors() {
        String queue = temp.resolve("queue").toString();

        assertThat(run("put", "--put-timeout", "5s", queue, "1").err()).contains("--put-timeout needs --max-backlog");
        assertThat(run("put", "--ttl", "0", queue, "1").exitCode()).isEqualTo(2);
        assertThat(run("put", "--max-backlog", "-1", queue, "1").exitCode()).isEqualTo(2);
        assertThat(run("put", "--delay", "soon", queue, "1").exitCode()).isEqualTo(2);
    }
}
