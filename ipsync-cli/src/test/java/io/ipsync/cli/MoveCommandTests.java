package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipsync move} between two queues given as addresses: the same tests for every pair of
 * transports. A subclass says where a fresh queue of each end is ({@link #newSource},
 * {@link #newTarget}); everything else goes through the command line and the library, so a
 * transport is added by a subclass that returns its addresses.
 */
abstract class MoveCommandTests {

    private static final Map<String, String> TRACE = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-01");

    @TempDir
    Path temp;

    /** The address of a new, empty queue to move from, as the command line takes it. */
    abstract String newSource(String name);

    /** The address of a new, empty queue to move to. */
    abstract String newTarget(String name);

    @Test
    void movesEveryWaitingMessageInOrderByteForByteWithItsHeadersAndLeavesFromEmpty() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        List<String> texts = List.of("{\"id\":1}", " { \"id\" : 2, \"price\" : 1.10 } ", "", "[3,\"é\"]", "NaN");
        try (QueueAt source = QueueAt.open(from)) {
            for (int i = 0; i < texts.size(); i++) {
                source.put(texts.get(i), i % 2 == 0 ? TRACE : Map.of());
            }
        }

        CommandRun move = run("move", from, to);

        assertThat(move.exitCode()).as(move.err()).isZero();
        assertThat(move.out()).isEqualTo("moved 5 messages from " + location(from) + " to " + location(to) + "\n");
        assertThat(move.err()).isEmpty();
        try (QueueAt target = QueueAt.open(to); QueueAt source = QueueAt.open(from)) {
            List<QueueAt.Message> moved = target.drain();
            assertThat(moved).extracting(QueueAt.Message::text).containsExactlyElementsOf(texts);
            assertThat(moved).extracting(QueueAt.Message::attempt).containsOnly(1);
            for (int i = 0; i < moved.size(); i++) {
                Map<String, String> headers = moved.get(i).headers();
                assertThat(headers).containsAllEntriesOf(i % 2 == 0 ? TRACE : Map.of()).hasSize(i % 2 == 0 ? 2 : 1);
            }
            assertThat(moved).extracting(message -> message.header(MovedCopies.HEADER)).doesNotHaveDuplicates()
                    .allSatisfy(value -> assertThat(value).matches("[a-z]+:" + Pattern.quote(location(from)) + "/.+"));
            assertThat(source.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void deadLettersMoveOnlyWithTheOptionAsFirstAttemptsOfTheTarget() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        try (QueueAt source = QueueAt.open(from)) {
            source.putDeadLetter("{\"dead\":1}", TRACE);
            source.put("{\"live\":2}");
        }

        CommandRun withoutOption = run("move", from, to);
        CommandRun withOption = run("move", "--dead-letters", from, to);

        assertThat(withoutOption.exitCode()).isZero();
        assertThat(withoutOption.out()).isEqualTo("moved 1 message from " + location(from) + " to " + location(to)
                + "; left in " + location(from) + ": 1 dead letter\n");
        assertThat(withOption.exitCode()).as(withOption.err()).isZero();
        assertThat(withOption.out()).isEqualTo("moved 0 messages and 1 dead letter from " + location(from) + " to "
                + location(to) + "\n");
        try (QueueAt target = QueueAt.open(to); QueueAt source = QueueAt.open(from)) {
            List<QueueAt.Message> moved = target.drain();
            assertThat(moved).extracting(QueueAt.Message::text).containsExactly("{\"live\":2}", "{\"dead\":1}");
            assertThat(moved.get(1).attempt()).isEqualTo(1);
            assertThat(moved.get(1).headers()).containsAllEntriesOf(TRACE).containsKey(MovedCopies.HEADER);
            assertThat(source.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void deadLetterThatIsNotJsonStaysInTheSourceWithAWarning() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        try (QueueAt source = QueueAt.open(from)) {
            source.put("{not json");
            assertThat(source.drain()).as("set aside as a dead letter when taken").isEmpty();
        }

        CommandRun move = run("move", "--dead-letters", from, to);

        assertThat(move.exitCode()).isEqualTo(1);
        assertThat(move.err()).containsOnlyOnce("ipsync move: left the dead letter ").contains("it is not JSON");
        assertThat(move.out()).isEqualTo("moved 0 messages from " + location(from) + " to " + location(to)
                + "; left in " + location(from) + ": 1 dead letter\n");
        try (QueueAt target = QueueAt.open(to); QueueAt source = QueueAt.open(from)) {
            assertThat(target.drain()).isEmpty();
            assertThat(source.deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void countMovesAtMostNOldestFirstDeadLettersIncluded() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        try (QueueAt source = QueueAt.open(from)) {
            source.putDeadLetter("\"dead\"", Map.of());
            for (int i = 1; i <= 4; i++) {
                source.put(String.valueOf(i));
            }
        }

        CommandRun two = run("move", from, to, "-n", "2");
        CommandRun threeMore = run("move", "--dead-letters", "--count", "3", from, to);

        assertThat(two.exitCode()).isZero();
        assertThat(two.out()).isEqualTo("moved 2 messages from " + location(from) + " to " + location(to)
                + "; left in " + location(from) + ": 2 waiting, 1 dead letter\n");
        assertThat(threeMore.exitCode()).isZero();
        assertThat(threeMore.out()).startsWith("moved 2 messages and 1 dead letter from ");
        try (QueueAt target = QueueAt.open(to)) {
            assertThat(target.drain()).extracting(QueueAt.Message::text).containsExactly("1", "2", "3", "4", "\"dead\"");
        }
    }

    @Test
    void emptySourceMovesNothingAndExitsOne() {
        String from = newSource("from");
        String to = newTarget("to");
        try (QueueAt source = QueueAt.open(from)) {
            assertThat(source.stats().waiting()).isZero();
        }

        CommandRun move = run("move", "--dead-letters", from, to);

        assertThat(move.exitCode()).isEqualTo(1);
        assertThat(move.out()).isEqualTo("moved 0 messages from " + location(from) + " to " + location(to) + "\n");
        assertThat(move.err()).isEmpty();
    }

    @Test
    void timeoutWaitsForMessagesPutWhileTheMoveRuns() throws Exception {
        String from = newSource("from");
        String to = newTarget("to");
        try (QueueAt source = QueueAt.open(from);
                BackgroundRun move = BackgroundRun.start("move", from, to, "-n", "2", "--timeout", "30s")) {
            source.put("1");
            source.put("2");

            assertThat(move.exitCode()).as(move.err()).isZero();
            assertThat(move.out()).startsWith("moved 2 messages from ");
        }
        try (QueueAt target = QueueAt.open(to)) {
            assertThat(target.drain()).extracting(QueueAt.Message::text).containsExactly("1", "2");
        }
    }

    @Test
    void aQueueIsNotMovedIntoItself() {
        String from = newSource("from");
        try (QueueAt source = QueueAt.open(from)) {
            source.put("1");
        }

        CommandRun move = run("move", from, from);

        assertThat(move.exitCode()).isEqualTo(2);
        assertThat(move.err()).contains("FROM and TO are the same queue");
    }

    /** Where the queue at the address is, as the queue says (and as move prints it). */
    private static String location(String address) {
        try (QueueAt queue = QueueAt.open(address)) {
            return queue.location();
        }
    }
}
