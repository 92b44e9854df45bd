package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.file.FileSettings;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four producer and four consumer processes share one queue while the test kills them with
 * SIGKILL at random moments and starts replacements, for a number of cycles; then the producers
 * stop, the consumers drain the queue, and the processes' ledgers ({@link LedgerProducerMain},
 * {@link LedgerConsumerMain}) are checked:
 * <ul>
 * <li>every put that returned was handled at least once (nothing lost);
 * <li>a message was begun more than once only where a consumer was killed while handling it: every
 * {@code begin} without its {@code done} is the last one of a killed consumer, and no message is
 * acknowledged twice;
 * <li>no handler saw a partial or corrupted message (every payload's checksum matched, and nothing
 * was dead-lettered as unreadable);
 * <li>nothing is stuck: no message waits, is claimed or scheduled for retry, no dead letter, no
 * consumer bookkeeping left; killed producers' temporary files are invisible to consumers and
 * removed once older than the stale age.
 * </ul>
 *
 * <p>The kill schedule comes from a seeded {@link Random}: which process (of those past their start), and a random delay
 * (up to {@value #MAX_KILL_DELAY_MILLIS} ms) that picks the moment. The seed is printed; a failure
 * is replayed (as far as the processes' own timing allows) with {@code -Dipsync.faults.seed=<seed>}.
 *
 * <p>In CI it runs {@value #CI_CYCLES} kill cycles. The long mode runs by hand, for example:
 * <pre>
 * ./mvnw -B test -pl ipsync-core -Dtest=FaultInjectionAcrossProcessesTest -Dipsync.faults.cycles=1000
 * </pre>
 * and prints its figures (cycles, puts, handled, duplicates, losses) on standard output
 * ({@code ipsync-core/target/surefire-reports/io.ipsync.process.FaultInjectionAcrossProcessesTest-output.txt}).
 */
class FaultInjectionAcrossProcessesTest {

    static final int CI_CYCLES = 24;

    static final int MAX_KILL_DELAY_MILLIS = 300;

    private static final int PRODUCERS = 4;

    private static final int CONSUMERS = 4;

    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path queueDir;

    private Path ledgerDir;

    private Duration hardTimeout;

    @Test
    void killedProducersAndConsumersLoseNothingDuplicateOnlyWhatWasBeingHandledAndLeaveNothingStuck() throws Exception {
        int cycles = Integer.getInteger("ipsync.faults.cycles", CI_CYCLES);
        long seed = Long.getLong("ipsync.faults.seed", System.nanoTime());
        System.out.println("Fault injection: " + cycles + " cycles, seed " + seed
                + " (replay with -Dipsync.faults.seed=" + seed + ")");
        Random random = new Random(seed);
        queueDir = Files.createDirectories(dir.resolve("queue"));
        ledgerDir = Files.createDirectories(dir.resolve("ledgers"));
        hardTimeout = Duration.ofMinutes(10).plusSeconds(3L * cycles);

        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++) {
            slots.add(new Slot("P" + i, true));
        }
        for (int i = 0; i < CONSUMERS; i++) {
            slots.add(new Slot("C" + i, false));
        }
        Set<String> killed = new HashSet<>();
        int producerKills = 0;
        long started = System.nanoTime();
        try {
            for (Slot slot : slots) {
                slot.start();
            }
            for (int cycle = 0; cycle < cycles; cycle++) {
                // The victim is one of the processes at work; one still starting is waited for
                // only when all are.
                List<Slot> working = slots.stream().filter(Slot::isWorking).toList();
                Slot victim = working.isEmpty() ? slots.get(random.nextInt(slots.size()))
                        : working.get(random.nextInt(working.size()));
                victim.child.awaitLineStartingWith("ready ", LONG);
                // A delay that picks the moment of the kill, not a synchronisation: whatever the
                // victim is doing then is what is being tested.
                Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
                victim.child.kill();
                killed.add(victim.incarnation());
                producerKills += victim.producer ? 1 : 0;
                victim.start();
            }
            long killing = System.nanoTime() - started;

            for (Slot slot : slots) {
                if (slot.producer) {
                    slot.child.send("stop");
                }
            }
            for (Slot slot : slots) {
                if (slot.producer) {
                    slot.child.awaitSuccess(LONG);
                }
            }
            for (Slot slot : slots) {
                if (!slot.producer) {
                    slot.child.awaitLineStartingWith("ready ", LONG);
                    slot.child.send("drain");
                }
            }
            for (Slot slot : slots) {
                if (!slot.producer) {
                    slot.child.awaitSuccess(LONG);
                }
            }

            Ledgers ledgers = Ledgers.read(ledgerDir, killed);
            int temporaryFiles = assertNothingStuckAndSweepTemporaryFiles();
            ledgers.assertConsistent();
            System.out.printf("Fault injection, seed %d: %d cycles (%d producer and %d consumer kills) in %.1f s; "
                            + "%d puts returned, %d messages handled (%d not in a producer's ledger: killed after the put "
                            + "returned), %d handled twice or more after a consumer was killed while handling them, "
                            + "0 lost, 0 corrupt; %d temporary files of killed producers swept; %.1f s in all%n",
                    seed, cycles, producerKills, cycles - producerKills, killing / 1e9, ledgers.puts.size(),
                    ledgers.handledIds().size(), ledgers.handledIds().size() - ledgers.puts.size(), ledgers.duplicates(),
                    temporaryFiles, (System.nanoTime() - started) / 1e9);
        } finally {
            for (Slot slot : slots) {
                if (slot.child != null) {
                    slot.child.close();
                }
            }
        }
    }

    /**
     * Asserts the queue is empty and no bookkeeping is left but the temporary files of processes
     * killed while they wrote them, which a consumer then removes once they are old; returns how
     * many temporary message files there were.
     */
    private int assertNothingStuckAndSweepTemporaryFiles() throws Exception {
        QueueFiles files = new QueueFiles(queueDir);
        assertThat(files.waiting()).as("waiting messages").isEmpty();
        assertThat(files.retries()).as("retries").isEmpty();
        assertThat(files.dead()).as("dead letters").isEmpty();
        assertThat(files.claimFolders()).as("claim folders").isEmpty();
        List<String> owners = files.owners();
        assertThat(owners).as("temporary lock files of consumers killed while they started, the only owner files")
                .allSatisfy(name -> assertThat(name).startsWith(".").endsWith(".lock.tmp"));
        assertThat(files.strays()).as("other files at the top of the queue directory").isEmpty();
        List<String> strays = files.incoming();
        assertThat(strays).as("temporary files of killed producers, the only other files")
                .allSatisfy(name -> assertThat(name).startsWith("tmp_q_").endsWith(".tmp"));

        // Old enough for any consumer to remove them (both ages are at most ten minutes).
        FileTime longAgo = FileTime.from(Instant.now().minus(FileSettings.DEFAULT_STALE_TEMP_FILE_AGE).minusSeconds(60));
        for (String name : strays) {
            Files.setLastModifiedTime(files.incoming(name), longAgo);
        }
        for (String name : owners) {
            Files.setLastModifiedTime(queueDir.resolve(".ipsync/owners").resolve(name), longAgo);
        }
        try (JsonDataQueue sweeping = JsonDataQueue.open(queueDir)) {
            assertThat(sweeping.receive(Duration.ZERO)).as("a message made of a temporary file").isEmpty();
        }
        files.assertNothingLeft();
        return strays.size();
    }

    /** One of the eight processes, restarted under a new incarnation name after each kill. */
    private final class Slot {

        final String name;

        final boolean producer;

        int incarnations;

        ChildJvm child;

        Slot(String name, boolean producer) {
            this.name = name;
            this.producer = producer;
        }

        boolean isWorking() {
            return !child.linesStartingWith("ready ").isEmpty();
        }

        String incarnation() {
            return name + "." + incarnations;
        }

        void start() {
            incarnations++;
            String ledger = ledgerDir.resolve(incarnation()).toString();
            child = producer
                    ? ChildJvm.start(incarnation(), hardTimeout, LedgerProducerMain.class, queueDir.toString(), ledger,
                            "--name=" + incarnation())
                    : ChildJvm.start(incarnation(), hardTimeout, LedgerConsumerMain.class, queueDir.toString(), ledger);
        }
    }

    /** Every child's ledger, read once all children are gone. */
    private static final class Ledgers {

        final Set<String> puts = new HashSet<>();

        /** Consumer incarnation -> its lines, in order. */
        final Map<String, List<String>> consumers = new HashMap<>();

        final Set<String> killed;

        private Ledgers(Set<String> killed) {
            this.killed = killed;
        }

        static Ledgers read(Path ledgerDir, Set<String> killed) throws IOException {
            Ledgers ledgers = new Ledgers(killed);
            try (Stream<Path> files = Files.list(ledgerDir)) {
                for (Path file : files.toList()) {
                    String incarnation = file.getFileName().toString();
                    List<String> lines = LedgerFile.read(file);
                    if (incarnation.startsWith("P")) {
                        lines.forEach(line -> ledgers.puts.add(line.substring("put ".length())));
                    } else {
                        ledgers.consumers.put(incarnation, lines);
                    }
                }
            }
            return ledgers;
        }

        Set<String> handledIds() {
            Set<String> handled = new HashSet<>();
            consumers.values().forEach(lines -> lines.stream().filter(line -> line.startsWith("handled "))
                    .forEach(line -> handled.add(line.substring("handled ".length()))));
            return handled;
        }

        /** Messages begun more than once. */
        long duplicates() {
            Map<String, Integer> begins = new HashMap<>();
            consumers.values().forEach(lines -> lines.stream().filter(line -> line.startsWith("begin "))
                    .forEach(line -> begins.merge(line.split(" ")[1], 1, Integer::sum)));
            return begins.values().stream().filter(count -> count > 1).count();
        }

        void assertConsistent() {
            Map<String, Integer> dones = new HashMap<>();
            for (Map.Entry<String, List<String>> ledger : consumers.entrySet()) {
                String incarnation = ledger.getKey();
                List<String> lines = ledger.getValue();
                assertThat(lines).as("corrupt messages seen by " + incarnation).noneMatch(line -> line.startsWith("corrupt "));
                for (int i = 0; i < lines.size(); i++) {
                    String[] line = lines.get(i).split(" ");
                    if (line[0].equals("done")) {
                        dones.merge(line[1], 1, Integer::sum);
                    }
                    if (!line[0].equals("begin")) {
                        continue;
                    }
                    boolean last = i + 1 == lines.size() || i + 2 == lines.size();
                    boolean finished = i + 2 < lines.size() && lines.get(i + 1).equals("handled " + line[1])
                            && lines.get(i + 2).equals("done " + line[1]);
                    if (!finished) {
                        assertThat(killed).as(incarnation + " left " + lines.get(i) + " unfinished, so it must have been killed")
                                .contains(incarnation);
                        assertThat(last).as(incarnation + " left " + lines.get(i) + " unfinished before its end: " + lines
                                .subList(i, Math.min(lines.size(), i + 5))).isTrue();
                    }
                }
            }
            assertThat(dones).as("messages acknowledged more than once").allSatisfy((id, count) -> assertThat(count).isOne());
            Set<String> handled = handledIds();
            List<String> lost = puts.stream().filter(id -> !handled.contains(id)).sorted().toList();
            assertThat(lost).as("puts that returned but were never handled").isEmpty();
        }
    }
}
