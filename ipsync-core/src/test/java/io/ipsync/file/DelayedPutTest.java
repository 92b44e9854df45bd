package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Messages put for later on files: where they wait, and who learns of them when. */
@Timeout(120)
class DelayedPutTest {

    /** Far longer than any test waits: a consumer that only polls would never see the message in time. */
    private static final FileSettings NO_POLLING = FileSettings.builder().pollInterval(Duration.ofHours(1)).build();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void aWaitingConsumerOfTheSameQueueTakesAMessagePutForLaterWhenItIsDue() throws Exception {
        Path dir = root.resolve("q");
        try (JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.DEFAULTS, NO_POLLING)) {
            assertThat(queue.receive(Duration.ZERO)).isEmpty(); // the consumer is set up and watching
            CompletableFuture<Optional<ReceivedMessage>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return queue.receive(WAIT);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> !waiting.isDone());
            queue.putLater("reminder", Duration.ofMillis(200));
            try (ReceivedMessage message = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .orElseThrow(() -> new AssertionError("the waiting consumer did not learn of the message put for later"))) {
                assertThat(message.payload().as(String.class)).isEqualTo("reminder");
                message.acknowledge();
            }
        }
    }

    @Test
    void aMessagePutForLaterWaitsInTheRetryFolderWhereAPythonConsumerDoesNotLookAndKeepsItsName() throws Exception {
        Path dir = root.resolve("q");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.putLater("x", Duration.ofHours(1));
            try (var top = Files.list(dir)) {
                assertThat(top.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("q_"));
            }
            try (var retries = Files.list(dir.resolve(".ipsync/retry"))) {
                assertThat(retries.map(p -> p.getFileName().toString())).singleElement().satisfies(n -> {
                    assertThat(n).endsWith("-0-" + name);
                    assertThat(RetryFileName.parse(n).failedAttempts()).isZero();
                });
            }
        }
    }

    @Test
    void aDelayedPutMakesTheRetryFolderAgainWhenItWasRemoved() throws Exception {
        Path dir = root.resolve("q");
        try (JsonDataQueue producer = JsonDataQueue.open(dir)) {
            producer.putLater("first", Duration.ofHours(1));
            deleteTree(dir.resolve(".ipsync"));
            producer.putLater("second", Duration.ofHours(1));
            assertThat(producer.stats().scheduledRetries()).isEqualTo(1);
        }
    }

    private static void deleteTree(Path path) throws Exception {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
