package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueStats;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed at any step of a journal message's life (reserve, write, claim, acknowledge,
 * give back, dead-letter) leaves the queue consistent: a child JVM ({@link JournalLifeMain}) is
 * halted at each crash point in turn, then a consumer in this JVM, a stranger to the dead one,
 * drains the queue and checks that nothing put is lost, nothing partial or unput is visible,
 * nothing acknowledged comes back, what the child held comes back once with its attempt counted,
 * and the poison message is dead-lettered exactly once.
 */
class JournalCrashAtEveryStepTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aProcessKilledAtAnyStepLosesNothingShowsNothingPartialAndDoublesNothing() throws Exception {
        Path dryRun = dir.resolve("dry-run");
        List<String> stepLines;
        try (ChildJvm child = ChildJvm.start("journal dry run", JournalLifeMain.class, dryRun.toString(), "0")) {
            child.awaitSuccess(LONG);
            stepLines = child.linesStartingWith("step ");
            assertRecovered(dryRun, child.lines(), "no crash");
        }
        assertThat(stepLines).as("the crash points of the scenario")
                .anySatisfy(line -> assertThat(line).endsWith(" reserving main"))
                .anySatisfy(line -> assertThat(line).endsWith(" reserved main"))
                .anySatisfy(line -> assertThat(line).endsWith(" written main"))
                .anySatisfy(line -> assertThat(line).endsWith(" claim main"))
                .anySatisfy(line -> assertThat(line).endsWith(" claimed main"))
                .anySatisfy(line -> assertThat(line).endsWith(" acknowledge"))
                .anySatisfy(line -> assertThat(line).endsWith(" settling to retry"))
                .anySatisfy(line -> assertThat(line).endsWith(" reserved retry"))
                .anySatisfy(line -> assertThat(line).endsWith(" copied to retry"))
                .anySatisfy(line -> assertThat(line).endsWith(" claim retry"))
                .anySatisfy(line -> assertThat(line).endsWith(" settling to dead letter"))
                .anySatisfy(line -> assertThat(line).endsWith(" dead letter written"))
                .anySatisfy(line -> assertThat(line).endsWith(" dead letter stored"));
        // The children run three at a time ahead of the checks (each on a queue of its own), which
        // keeps the class to seconds rather than a JVM start per step one after the other.
        ExecutorService children = Executors.newFixedThreadPool(3, task -> new Thread(task, "journal-crash-children"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : stepLines) {
            int step = Integer.parseInt(line.split(" ")[1]);
            Future<Crashed> crashed = children.submit(() -> crash(step));
            tests.add(DynamicTest.dynamicTest("killed at " + line, () -> recover(crashed.get(), line)));
        }
        return tests.stream().onClose(children::shutdownNow);
    }

    private record Crashed(Path queue, int exitCode, List<String> lines, String stderr) {
    }

    private Crashed crash(int step) throws Exception {
        Path queue = dir.resolve("step-" + step);
        try (ChildJvm child = ChildJvm.start("journal crash at step " + step, JournalLifeMain.class, queue.toString(),
                String.valueOf(step))) {
            int exitCode = child.awaitExit(LONG);
            return new Crashed(queue, exitCode, child.lines(), child.stderr());
        }
    }

    private static void recover(Crashed crashed, String stepLine) throws Exception {
        assertThat(crashed.exitCode()).as("exit code of the child killed at " + stepLine + "; it printed "
                + crashed.lines() + "\n" + crashed.stderr()).isEqualTo(JournalLifeMain.EXIT_CRASHED);
        assertThat(crashed.lines().stream().filter(line -> line.startsWith("step ")).toList()).last().isEqualTo(stepLine);
        assertRecovered(crashed.queue(), crashed.lines(), "killed at " + stepLine);
    }

    private static void assertRecovered(Path queue, List<String> childLines, String crash) throws Exception {
        Ledger ledger = new Ledger(childLines);
        Map<String, Integer> drained = new LinkedHashMap<>();
        try (JournalQueueChannel next = JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS, JournalLifeMain.SETTINGS)) {
            Claim claim;
            // a frame a killed producer left half-written is skipped after the reclaim interval (100 ms)
            while ((claim = next.claim(TimeUnit.MILLISECONDS.toNanos(300))) != null) {
                assertThat(claim.isReadable()).as(crash + ": readable " + claim.messageId()).isTrue();
                CheckedPayload payload = CheckedPayload.parse(claim.content());
                assertThat(payload.isIntact()).as(crash + ": intact " + payload).isTrue();
                assertThat(drained.put(payload.id(), claim.attempt())).as(crash + ": drained twice " + payload.id()).isNull();
                if (payload.id().equals(JournalLifeMain.POISON)) {
                    next.deadLetter(claim, DeadLetterReason.of("poison, on purpose"));
                } else {
                    next.acknowledge(claim);
                }
            }
            long poisonDeadLetters = next.deadLetters().list(10).stream()
                    .filter(letter -> CheckedPayload.parse(letter.content()).id().equals(JournalLifeMain.POISON)).count();
            assertThat(next.deadLetters().count()).as(crash + ": dead letters").isEqualTo(poisonDeadLetters);
            assertThat(poisonDeadLetters).as(crash + ": the poison message's dead letters")
                    .isEqualTo(ledger.put.contains(JournalLifeMain.POISON) ? 1 : 0);
            if (!ledger.deadLettered.isEmpty()) {
                assertThat(drained).as(crash + ": a dead letter does not come back").doesNotContainKey(JournalLifeMain.POISON);
            }
            QueueStats stats = next.stats();
            assertThat(List.of(stats.waiting(), stats.inFlight(), stats.scheduledRetries())).as(crash + ": left in the queue")
                    .containsExactly(0L, 0L, 0L);
        }
        for (String id : ledger.put) {
            boolean deadLettered = id.equals(JournalLifeMain.POISON);
            assertThat(ledger.acked.contains(id) || drained.containsKey(id) || deadLettered)
                    .as(crash + ": " + id + " acknowledged, drained or dead-lettered").isTrue();
        }
        assertThat(ledger.put).as(crash + ": only puts that returned are visible").containsAll(drained.keySet());
        assertThat(drained.keySet()).as(crash + ": acknowledged messages do not come back").noneMatch(ledger.acked::contains);
        drained.forEach((id, attempt) -> assertThat(attempt).as(crash + ": the attempt " + id + " comes back with")
                .isEqualTo(ledger.nextAttempt.get(id)));
        try (Stream<Path> files = Files.list(queue.resolve("journal"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(".")))
                    .as(crash + ": temporary files").allMatch(name -> crash.endsWith("dead letter written")
                            && name.startsWith(".dead-"));
        }
    }

    /** What the child reported, and so what the next consumer must find. */
    private static final class Ledger {

        final Set<String> put = new HashSet<>();

        final Set<String> acked = new HashSet<>();

        final Set<String> deadLettered = new HashSet<>();

        final Map<String, Integer> nextAttempt = new HashMap<>();

        /**
         * A child killed once its message's copy was in the retry chain has given it back as it
         * meant to (only the settled mark was missing): as if the call had returned. One killed
         * right after its claim's CAS holds the message it was claiming, as if that call had
         * returned.
         */
        Ledger(List<String> lines) {
            String intent = null;
            String claiming = null;
            for (String line : lines) {
                if (line.startsWith("releasing ") || line.startsWith("retrying ")) {
                    intent = line;
                    continue;
                }
                if (line.startsWith("claiming ")) {
                    claiming = line;
                    continue;
                }
                if (line.startsWith("step ") && line.endsWith(" claimed main") && claiming != null) {
                    line = "claimed" + claiming.substring(claiming.indexOf(' '));
                }
                if (line.startsWith("step ") && line.endsWith(" copied to retry") && intent != null) {
                    line = (intent.startsWith("releasing ") ? "released" : "retried") + intent.substring(intent.indexOf(' '));
                }
                String[] parts = line.split(" ");
                String id = parts.length > 1 ? parts[1] : null;
                switch (parts[0]) {
                    case "put" -> {
                        put.add(id);
                        nextAttempt.put(id, 1);
                    }
                    case "claimed" -> nextAttempt.put(id, Integer.parseInt(parts[2]) + 1);
                    case "retried" -> nextAttempt.put(id, Integer.parseInt(parts[2]) + 1);
                    case "released" -> nextAttempt.put(id, Integer.parseInt(parts[2]));
                    case "acked" -> acked.add(id);
                    case "deadlettered" -> deadLettered.add(id);
                    default -> {
                        // step lines, finished
                    }
                }
            }
        }
    }
}
