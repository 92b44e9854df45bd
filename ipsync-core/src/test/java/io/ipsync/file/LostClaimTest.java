package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.BackOff;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A claim whose file was removed from under its consumer is lost: every settlement says so and changes nothing. */
class LostClaimTest {

    private static final long WAIT_NANOS = Duration.ofSeconds(30).toNanos();

    @TempDir
    Path queue;

    private Path claimedFile() throws Exception {
        try (Stream<Path> files = Files.walk(queue.resolve(".ipsync/claims"))) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    @Test
    void everySettlementOfAClaimWhoseFileIsGoneIsAClaimLostExceptionAndLeavesNothingBehind() throws Exception {
        try (FileQueueChannel channel = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            for (int i = 0; i < 4; i++) {
                channel.put(("\"m" + i + "\"").getBytes(StandardCharsets.UTF_8));
            }
            Claim acknowledged = channel.claim(WAIT_NANOS);
            Files.delete(claimedFile());
            assertThatThrownBy(() -> channel.acknowledge(acknowledged)).isInstanceOf(ClaimLostException.class);

            Claim retried = channel.claim(WAIT_NANOS);
            Files.delete(claimedFile());
            assertThatThrownBy(() -> channel.retryLater(retried, Instant.now())).isInstanceOf(ClaimLostException.class);

            Claim released = channel.claim(WAIT_NANOS);
            Files.delete(claimedFile());
            assertThatThrownBy(() -> channel.release(released)).isInstanceOf(ClaimLostException.class);

            Claim deadLettered = channel.claim(WAIT_NANOS);
            Files.delete(claimedFile());
            assertThatThrownBy(() -> channel.deadLetter(deadLettered, DeadLetterReason.of("by hand")))
                    .isInstanceOf(ClaimLostException.class);
            assertThat(channel.deadLetters().count()).isZero();
            try (Stream<Path> dead = Files.list(queue.resolve(".ipsync/dead"))) {
                assertThat(dead).as("no reason left for a message that is not there").isEmpty();
            }
            assertThat(channel.stats().inFlight()).isZero();
        }
    }

    @Test
    void aLostClaimsOwedDeadLetterIsDroppedNotTriedBeforeEveryTake() throws Exception {
        QueueOptions oneAttempt = QueueOptions.builder().maxAttempts(1).backOff(BackOff.none()).build();
        try (JsonDataQueue consumer = JsonDataQueue.open(queue, oneAttempt)) {
            consumer.put("doomed");
            consumer.put("next");
            ReceivedMessage message = consumer.receive(Duration.ofSeconds(30)).orElseThrow();
            Files.delete(claimedFile());
            assertThatThrownBy(() -> message.handleWith(m -> {
                throw new IllegalStateException("fails on its only attempt");
            })).hasCauseInstanceOf(ClaimLostException.class);
            for (int take = 0; take < 3; take++) {
                consumer.receive(Duration.ofMillis(100)).ifPresent(ReceivedMessage::acknowledge);
            }
            try (Stream<Path> dead = Files.list(queue.resolve(".ipsync/dead"))) {
                assertThat(dead).as("no reason records piling up").isEmpty();
            }
        }
    }
}
