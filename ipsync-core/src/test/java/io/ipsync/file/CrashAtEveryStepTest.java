package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueOptions;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that dies at any step of a message's life (put, claim, handle, acknowledge, release,
 * retry, dead-letter) leaves the queue consistent, and the next consumer carries on.
 *
 * <p>A child JVM ({@link MessageLifeMain}) takes three messages through every step; a dry run
 * numbers the steps, then, for each step k, a fresh child is ended by {@link Runtime#halt} just
 * before step k (and, for writes, half-way through it). Then a consumer in this JVM, a stranger to
 * the dead one, drains the queue and checks:
 * <ul>
 * <li>every put that returned in the child is acknowledged by the child, drained here, or the
 * poison message's dead letter: nothing is lost;
 * <li>nothing the child did not report as put is drained: a put cut short shows nothing;
 * <li>every message drained is whole (its checksum matches);
 * <li>nothing the child acknowledged comes back; what it held unsettled comes back with its
 * attempt counted (the exact attempt is checked);
 * <li>nothing is stuck: no waiting message, claim, retry, owner lock or temporary file remains
 * (a crashed put's temporary file is removed once it is older than the stale age), and the
 * poison message is dead-lettered exactly once.
 * </ul>
 */
class CrashAtEveryStepTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aProcessThatDiesAtAnyStepLosesNothingShowsNothingPartialAndLeavesNothingStuck() throws Exception {
        Path dryRunQueue = Files.createDirectories(dir.resolve("dry-run"));
        List<String> stepLines;
        try (ChildJvm child = start(dryRunQueue, 0, FaultyFileSteps.Fault.HALT)) {
            child.awaitSuccess(LONG);
            stepLines = child.linesStartingWith("step ");
            assertThat(child.linesStartingWith("finished ")).containsExactly("finished " + stepLines.size());
            assertRecovered(dryRunQueue, child.lines(), false, "no crash");
        }
        assertThat(stepLines).as("the steps of the scenario")
                .anySatisfy(line -> assertThat(line).contains(" write .ipsync/incoming/tmp_q_"))
                .anySatisfy(line -> assertThat(line).contains(" move .ipsync/incoming/tmp_q_"))
                .anySatisfy(line -> assertThat(line).contains(" move q_").contains(" -> .ipsync/claims/"))
                .anySatisfy(line -> assertThat(line).contains(" checkpoint handle "))
                .anySatisfy(line -> assertThat(line).contains(" delete .ipsync/claims/"))
                .anySatisfy(line -> assertThat(line).contains(" -> .ipsync/retry/"))
                .anySatisfy(line -> assertThat(line).contains(" move .ipsync/retry/"))
                .anySatisfy(line -> assertThat(line).contains(" write .ipsync/dead/"))
                .anySatisfy(line -> assertThat(line).contains(" -> .ipsync/dead/q_"));

        List<DynamicTest> tests = new ArrayList<>();
        for (String line : stepLines) {
            int step = Integer.parseInt(line.split(" ")[1]);
            String what = shape(line.substring(line.indexOf(' ', "step ".length()) + 1));
            tests.add(DynamicTest.dynamicTest("crash before step " + step + ": " + what,
                    () -> crashAndRecover(step, FaultyFileSteps.Fault.HALT, line)));
            if (what.startsWith("write ")) {
                tests.add(DynamicTest.dynamicTest("crash half-way through step " + step + ": " + what,
                        () -> crashAndRecover(step, FaultyFileSteps.Fault.HALT_HALFWAY, line)));
            }
        }
        return tests.stream();
    }

    /**
     * The same scenario in this JVM, with an {@link IOException} instead of a crash at each step:
     * the call fails, the channel is closed (giving back what it holds, the attempt not counted),
     * and the next consumer finds the queue consistent, as after a crash; a put that fails
     * removes its temporary file at once.
     */
    @TestFactory
    Stream<DynamicTest> aStepThatFailsLeavesTheQueueConsistent() throws Exception {
        Path dryRunQueue = Files.createDirectories(dir.resolve("in-process-dry-run"));
        FaultyFileSteps counting = new FaultyFileSteps(dryRunQueue, 0, FaultyFileSteps.Fault.THROW, line -> {
        });
        try (FileQueueChannel channel = FileQueueChannel.open(dryRunQueue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS,
                counting)) {
            new MessageLifeMain(channel, counting, line -> {
            }).run();
        }
        int steps = counting.stepsTaken();
        assertThat(steps).isGreaterThan(15);
        return IntStream.rangeClosed(1, steps).mapToObj(step -> DynamicTest.dynamicTest(
                "step " + step + " fails", () -> failAndRecover(step)));
    }

    private void failAndRecover(int step) throws Exception {
        Path queue = Files.createDirectories(dir.resolve("in-process-step-" + step));
        List<String> lines = new ArrayList<>();
        FaultyFileSteps steps = new FaultyFileSteps(queue, step, FaultyFileSteps.Fault.THROW, lines::add);
        String failure;
        try (FileQueueChannel channel = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS, steps)) {
            try {
                new MessageLifeMain(channel, steps, lines::add).run();
                failure = null;
            } catch (IOException e) {
                failure = e.toString();
            }
        }
        String stepLine = lines.stream().filter(line -> line.startsWith("step " + step + " ")).findFirst().orElseThrow();
        assertThat(failure).as("what the failing " + stepLine + " did").isNotNull();
        List<Path> strays = temporaryFiles(queue);
        assertThat(strays).as("temporary files after a put failed at " + stepLine).isEmpty();
        assertRecovered(queue, lines, true, "failure at " + stepLine + " (" + failure + ")");
    }

    private void crashAndRecover(int step, FaultyFileSteps.Fault fault, String stepLine) throws Exception {
        Path queue = Files.createDirectories(dir.resolve("step-" + step + "-" + fault));
        try (ChildJvm child = start(queue, step, fault)) {
            assertThat(child.awaitExit(LONG)).as("exit code of the child crashed at " + stepLine + "; it printed "
                    + child.lines() + "\n" + child.stderr()).isEqualTo(FaultyFileSteps.EXIT_CRASHED);
            assertThat(child.linesStartingWith("step ")).as("the steps taken").last()
                    .extracting(CrashAtEveryStepTest::shape).isEqualTo(shape(stepLine));
            assertRecovered(queue, child.lines(), false, (fault == FaultyFileSteps.Fault.HALT ? "crash before " : "crash half-way through ")
                    + stepLine);
        }
    }

    /** Drains the queue as a new consumer and checks what it finds against what the child reported. */
    private void assertRecovered(Path queue, List<String> childLines, boolean givenBack, String crash) throws Exception {
        ChildLedger ledger = new ChildLedger(childLines, givenBack);
        Map<String, Integer> drained = new LinkedHashMap<>();
        try (FileQueueChannel next = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            Claim claim;
            while ((claim = next.claim(TimeUnit.MILLISECONDS.toNanos(200))) != null) {
                assertThat(claim.isReadable()).as(crash + ": readable " + claim.messageId()).isTrue();
                CheckedPayload payload = CheckedPayload.parse(claim.content());
                assertThat(payload.isIntact()).as(crash + ": intact " + payload).isTrue();
                assertThat(drained.put(payload.id(), claim.attempt())).as(crash + ": drained twice " + payload.id()).isNull();
                if (payload.id().equals(MessageLifeMain.POISON)) {
                    next.deadLetter(claim, DeadLetterReason.of("poison, on purpose"));
                } else {
                    next.acknowledge(claim);
                }
            }
        }

        assertThat(ledger.put).as(crash + ": puts that returned are acknowledged, drained or dead-lettered")
                .allSatisfy(id -> assertThat(ledger.acked.contains(id) || drained.containsKey(id)
                        || ledger.deadLettered.contains(id)).as(id).isTrue());
        assertThat(ledger.put).as(crash + ": only puts that returned are visible").containsAll(drained.keySet());
        assertThat(drained.keySet()).as(crash + ": acknowledged messages do not come back")
                .noneMatch(ledger.acked::contains);
        assertThat(drained).as(crash + ": messages come back with the attempt due").isEqualTo(ledger.nextAttempt);

        removeAgedTemporaryFiles(queue);
        assertNothingStuck(queue, crash, ledger.put.contains(MessageLifeMain.POISON));
    }

    /** Ages the crashed producer's temporary file past the stale age, and lets a consumer's sweep remove it. */
    private static void removeAgedTemporaryFiles(Path queue) throws Exception {
        FileTime longAgo = FileTime.from(Instant.now().minus(FileSettings.DEFAULT_STALE_TEMP_FILE_AGE).minusSeconds(60));
        for (Path temporary : temporaryFiles(queue)) {
            Files.setLastModifiedTime(temporary, longAgo);
        }
        try (FileQueueChannel sweeping = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            assertThat(sweeping.claim(0)).isNull();
        }
    }

    /** Producers' temporary files: ipsync's in {@code .ipsync/incoming}, and any at the top. */
    private static List<Path> temporaryFiles(Path queue) throws Exception {
        List<Path> temporary = new ArrayList<>();
        for (Path folder : List.of(queue, queue.resolve(".ipsync/incoming"))) {
            names(folder).stream().filter(name -> name.startsWith("tmp_")).forEach(name -> temporary.add(folder.resolve(name)));
        }
        return temporary;
    }

    private static void assertNothingStuck(Path queue, String crash, boolean poisonPut) throws Exception {
        assertThat(names(queue)).as(crash + ": the queue directory").containsExactly(".ipsync");
        assertThat(names(queue.resolve(".ipsync/incoming"))).as(crash + ": temporary files").isEmpty();
        assertThat(names(queue.resolve(".ipsync/claims"))).as(crash + ": claim folders").isEmpty();
        assertThat(names(queue.resolve(".ipsync/owners"))).as(crash + ": owner lock files").isEmpty();
        assertThat(names(queue.resolve(".ipsync/retry"))).as(crash + ": retries").isEmpty();

        Path dead = queue.resolve(".ipsync/dead");
        if (!poisonPut) {
            assertThat(names(dead)).as(crash + ": dead letters, the poison message never put").isEmpty();
            return;
        }
        List<String> deadLetters = names(dead).stream()
                .filter(name -> !name.startsWith(".") && !DeadLetterBox.isReasonFile(name)).toList();
        assertThat(deadLetters).as(crash + ": dead letters").singleElement()
                .satisfies(name -> assertThat(CheckedPayload.parse(Files.readAllBytes(dead.resolve(name))).id())
                        .isEqualTo(MessageLifeMain.POISON))
                .satisfies(name -> assertThat(dead.resolve(DeadLetterBox.reasonFileName(name))).isRegularFile());
        List<String> leftOver = names(dead).stream()
                .filter(name -> !deadLetters.contains(name) && !name.equals(DeadLetterBox.reasonFileName(deadLetters.get(0))))
                .toList();
        if (!crash.contains(" .ipsync/dead/")) {
            assertThat(leftOver).as(crash + ": other files among the dead letters").isEmpty();
        } else {
            // A crash while dead-lettering may leave the reason (or its temporary file) of the
            // attempt that died; the message itself was dead-lettered again, whole, once.
            assertThat(leftOver).as(crash + ": left by the dead-lettering that died").hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(name -> assertThat(DeadLetterBox.isReasonFile(name.startsWith(".")
                            ? name.substring(1, name.length() - ".tmp".length()) : name)).as(name).isTrue());
        }
    }

    /** A step's line without what differs from run to run: message names, owner ids, due times, sizes. */
    private static String shape(String stepLine) {
        return stepLine.replaceAll("\\d{19}_[A-Za-z]{32}", "<T>_<producer>")
                .replaceAll("claims/[A-Za-z]{20}/", "claims/<owner>/")
                .replaceAll("retry/\\d{13}-", "retry/<due>-")
                .replaceAll(" \\(\\d+ bytes\\)", "");
    }

    private static ChildJvm start(Path queue, int step, FaultyFileSteps.Fault fault) {
        return ChildJvm.start("crash at step " + step, MessageLifeMain.class, queue.toString(), String.valueOf(step),
                fault.name());
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * What the child reported, and so what the next consumer must find: the messages whose put
     * returned, those it settled, and for every other one the attempt it must come back with.
     */
    private static final class ChildLedger {

        final Set<String> put = new HashSet<>();

        final Set<String> acked = new HashSet<>();

        final Set<String> deadLettered = new HashSet<>();

        /** For each message neither acknowledged nor dead-lettered: the attempt its next claim must have. */
        final Map<String, Integer> nextAttempt = new HashMap<>();

        /** @param givenBack whether the child closed its channel, giving back what it held, the attempt not counted */
        ChildLedger(List<String> lines, boolean givenBack) {
            for (String line : lines) {
                String[] parts = line.split(" ");
                String id = parts.length > 1 ? parts[1] : null;
                switch (parts[0]) {
                    case "put" -> {
                        put.add(id);
                        nextAttempt.put(id, 1);
                    }
                    // held when the process died: that attempt counts; given back on closing: it does not
                    case "claimed" -> nextAttempt.put(id, Integer.parseInt(parts[2]) + (givenBack ? 0 : 1));
                    case "retried" -> nextAttempt.put(id, Integer.parseInt(parts[2]) + 1);
                    // given back: that attempt does not count
                    case "released" -> nextAttempt.put(id, Integer.parseInt(parts[2]));
                    case "acked" -> {
                        acked.add(id);
                        nextAttempt.remove(id);
                    }
                    case "deadlettered" -> {
                        deadLettered.add(id);
                        nextAttempt.remove(id);
                    }
                    default -> {
                        // step lines, handled, finished
                    }
                }
            }
        }
    }
}
