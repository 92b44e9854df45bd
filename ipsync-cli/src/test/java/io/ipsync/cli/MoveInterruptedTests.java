package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueStats;
import io.ipsync.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A move killed (SIGKILL, in a child JVM) at each step of a message, then run again: every
 * message ends up in the target exactly once, in order, and the source is empty. For targets
 * that a move can search for copies; a subclass says where the queues are.
 */
abstract class MoveInterruptedTests {

    /** Long enough for a loaded machine; the waits end as soon as the child gets there. */
    private static final Duration CHILD_WAIT = Duration.ofSeconds(60);

    private static final int MESSAGES = 6;

    @TempDir
    Path temp;

    /** The address of a new, empty queue to move from. */
    abstract String newSource(String name);

    /** The address of a new, empty queue to move to, of a transport whose copies a move finds. */
    abstract String newTarget(String name);

    @ParameterizedTest
    @EnumSource(value = MoveCheckpoint.Step.class, names = {"CLAIMED", "PUT", "ACKNOWLEDGED"})
    void moveKilledAtAStepOfAMessageAndRunAgainMovesEveryMessageOnce(MoveCheckpoint.Step step) throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        fill(from);

        killAt(step, 3, "move", from, to);
        CommandRun again = run("move", from, to);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).isEmpty();
        if (step == MoveCheckpoint.Step.PUT) {
            assertThat(again.out()).startsWith("moved 4 messages from ").contains("(1 was there already, put by an interrupted move)");
        } else {
            assertThat(again.out()).startsWith("moved " + (step == MoveCheckpoint.Step.CLAIMED ? 4 : 3) + " messages from ")
                    .doesNotContain("there already");
        }
        assertEveryMessageOnceInOrderAndSourceEmpty(from, to);
    }

    @Test
    void moveKilledAfterADeadLettersCopyWasPutPurgesItOnTheNextRunInsteadOfPuttingItAgain() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        try (QueueAt source = QueueAt.open(from)) {
            for (int i = 0; i < 3; i++) {
                source.putDeadLetter("{\"dead\":" + i + "}", Map.of("n", String.valueOf(i)));
            }
        }

        killAt(MoveCheckpoint.Step.DEAD_LETTER_PUT, 2, "move", "--dead-letters", from, to);
        CommandRun again = run("move", "--dead-letters", from, to);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("moved 0 messages and 2 dead letters from ")
                .contains("(1 was there already, put by an interrupted move)");
        try (QueueAt target = QueueAt.open(to); QueueAt source = QueueAt.open(from)) {
            List<QueueAt.Message> moved = target.drain();
            assertThat(moved).extracting(QueueAt.Message::text)
                    .containsExactly("{\"dead\":0}", "{\"dead\":1}", "{\"dead\":2}");
            assertThat(moved).extracting(message -> message.header("n")).containsExactly("0", "1", "2");
            assertThat(source.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void copyThatTheTargetsConsumerHoldsOrSetAsideIsFoundToo() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        fill(from);
        killAt(MoveCheckpoint.Step.PUT, 2, "move", from, to);

        try (QueueAt target = QueueAt.open(to)) {
            target.holdNext(); // the copy of seq 0, in flight in the target
            target.deadLetterNext(); // the copy of seq 1, the message the killed move held
            CommandRun again = run("move", from, to);

            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).startsWith("moved 5 messages from ").contains("(1 was there already");
            assertThat(target.stats().inFlight()).isEqualTo(1);
            assertThat(target.deadLetters()).isEqualTo(1);
            assertThat(target.drain()).extracting(QueueAt.Message::text)
                    .containsExactly("{\"seq\":2}", "{\"seq\":3}", "{\"seq\":4}", "{\"seq\":5}");
        }
    }

    /**
     * The limit of the mechanism, kept visible: the copy that the killed move put is found only
     * while it is in the target. Once the target's consumers took it, the next run puts the
     * message again.
     */
    @Test
    void copyTakenFromTheTargetBeforeTheNextRunIsPutAgain() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        fill(from);

        killAt(MoveCheckpoint.Step.PUT, 2, "move", from, to);
        List<QueueAt.Message> takenMeanwhile;
        try (QueueAt target = QueueAt.open(to)) {
            takenMeanwhile = target.drain();
        }
        CommandRun again = run("move", from, to);

        assertThat(takenMeanwhile).extracting(QueueAt.Message::text).containsExactly("{\"seq\":0}", "{\"seq\":1}");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("moved 5 messages from ").doesNotContain("there already");
        try (QueueAt target = QueueAt.open(to)) {
            assertThat(target.drain()).extracting(QueueAt.Message::text)
                    .containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}", "{\"seq\":4}", "{\"seq\":5}");
        }
    }

    /** Puts {"seq":0} to {"seq":5}, each with a header. */
    static void fill(String from) {
        try (QueueAt source = QueueAt.open(from)) {
            for (int i = 0; i < MESSAGES; i++) {
                source.put("{\"seq\":" + i + "}", Map.of("seq", String.valueOf(i)));
            }
        }
    }

    /**
     * Runs the command in a child JVM that stops at the n-th time it reaches the step, and kills
     * it there with SIGKILL.
     */
    static void killAt(MoveCheckpoint.Step step, int nth, String... command) throws InterruptedException {
        String[] args = new String[command.length + 2];
        args[0] = step.name();
        args[1] = String.valueOf(nth);
        System.arraycopy(command, 0, args, 2, command.length);
        try (ChildJvm child = ChildJvm.start("move", MoveChild.class, args)) {
            child.awaitLineStartingWith("at " + step + " ", CHILD_WAIT);
            child.kill();
        }
    }

    private static void assertEveryMessageOnceInOrderAndSourceEmpty(String from, String to) throws InterruptedException {
        try (QueueAt target = QueueAt.open(to); QueueAt source = QueueAt.open(from)) {
            List<QueueAt.Message> moved = target.drain();
            assertThat(moved).extracting(QueueAt.Message::text)
                    .containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> "{\"seq\":" + i + "}").toList());
            assertThat(moved).extracting(message -> message.header("seq"))
                    .containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(String::valueOf).toList());
            assertThat(source.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }
}
