package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ipsync.testing.RawMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a consumer does when things around a message go wrong: its thread is interrupted, its
 * bookkeeping is removed, a settlement cannot be stored, its predecessor died on the last attempt.
 * In each case no message is lost and none is dead-lettered for a fault that is not its own.
 */
class QueueFailureModesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Bounds a call that, if the code regressed to spinning, would never return. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aConsumerWhoseThreadIsInterruptedStopsWithoutDeadLetteringTheWaitingMessages() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            for (int i = 1; i <= 5; i++) {
                queue.put(i);
            }
            assertThatThrownBy(() -> queue.consume(LONG, message -> Thread.currentThread().interrupt()))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).as("the interrupt was consumed by the InterruptedException").isFalse();
            QueueStats stats = queue.stats();
            assertThat(stats.deadLetters()).isZero();
            assertThat(stats.waiting()).as("the first message was handled, the others wait").isEqualTo(4);
        }
    }

    @Test
    void aHandlerInterruptedMidwayGivesItsMessageBackUncounted() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("work");
            assertThatThrownBy(() -> queue.consume(LONG, message -> {
                throw new InterruptedException("stopping");
            })).isInstanceOf(InterruptedException.class);
            assertThat(RawMessages.waiting(dir)).containsExactly(name);
            ReceivedMessage again = queue.receive(LONG).orElseThrow();
            assertThat(again.metadata().attempt()).isEqualTo(1);
            again.acknowledge();
        }
    }

    @Test
    void aConsumerWhoseClaimFolderWasRemovedFailsInsteadOfSpinning() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put("first");
            queue.receive(LONG).orElseThrow().acknowledge();
            try (Stream<Path> owners = Files.list(dir.resolve(".ipsync/claims"))) {
                for (Path folder : owners.toList()) {
                    Files.delete(folder);
                }
            }
            String name = queue.put("second");
            assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> queue.receive(LONG))
                    .isInstanceOf(IpsyncException.class)
                    .hasMessageContaining("claim folder is gone"));
            assertThat(RawMessages.waiting(dir)).as("the message is untouched").containsExactly(name);
        }
    }

    @Test
    void aSettlementThatCannotBeStoredLeavesTheMessagePendingAndCloseGivesItBack() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("work");
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            Files.delete(dir.resolve(".ipsync/retry"));

            assertThatThrownBy(() -> message.retry(new IllegalStateException("handler failed")))
                    .isInstanceOf(IpsyncException.class);
            assertThat(message.settlement()).isEqualTo(Settlement.PENDING);

            message.close();
            assertThat(message.settlement()).isEqualTo(Settlement.RELEASED);
            assertThat(RawMessages.waiting(dir)).containsExactly(name);
        }
    }

    /**
     * {@code poll} (like a listener container) settles the message by the handler's outcome; when
     * that settlement cannot be stored, the failure is reported, the message stays claimed, and the
     * settlement is stored before a later take once the cause is gone, without closing the queue.
     */
    @Test
    void aHandledMessageWhoseSettlementFailedIsSettledBeforeALaterTakeOnceTheCauseIsGone() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.builder().maxAttempts(1).build())) {
            queue.put("warm-up");
            assertThat(queue.poll(LONG, message -> { })).isTrue(); // creates the bookkeeping, dead-letter folder included
            Path deadLetters = dir.resolve(".ipsync/dead");
            Files.delete(deadLetters);
            Files.writeString(deadLetters, "in the way");
            String poison = queue.put("poison");

            assertThatThrownBy(() -> queue.poll(LONG, message -> {
                throw new IllegalStateException("cannot handle " + message.payload().as(String.class));
            })).isInstanceOf(IpsyncException.class).hasMessageContaining(poison);
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).as("kept claimed")
                    .singleElement().asString().endsWith(poison);

            Files.delete(deadLetters);
            String fine = queue.put("fine");
            ReceivedMessage next = queue.receive(LONG).orElseThrow();
            assertThat(next.metadata().name()).isEqualTo(fine);
            next.acknowledge();
            assertThat(dir.resolve(".ipsync/dead/" + poison)).as("dead-lettered before that take").exists();
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).isEmpty();
        }
    }

    @Test
    void aMessageWhoseConsumerDiedOnItsLastAttemptIsDeadLetteredWhenTakenBack() throws Exception {
        String name = RawMessages.name(42);
        Path deadConsumersClaims = Files.createDirectories(dir.resolve(".ipsync/claims/DeadConsumerWithoutLock"));
        Files.writeString(deadConsumersClaims.resolve("3-" + name), "\"poison\"");
        try (JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.builder().maxAttempts(3).build())) {
            queue.put("fine");
            ReceivedMessage next = queue.receive(LONG).orElseThrow();
            assertThat(next.payload().as(String.class)).isEqualTo("fine");
            next.acknowledge();
            String reason = Files.readString(dir.resolve(".ipsync/dead/reason-" + name + ".json"));
            assertThat(reason).contains("attempts are used up").contains("died while handling the last one");
            assertThat(deadConsumersClaims).doesNotExist();
        }
    }
}
