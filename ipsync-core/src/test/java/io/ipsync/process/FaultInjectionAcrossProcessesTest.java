package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.file.FileSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four producer and four consumer processes share one queue while the test kills them with
 * SIGKILL at random moments and starts replacements, for a number of cycles; then the producers
 * stop, the consumers drain the queue, and the processes' ledgers ({@link LedgerProducerMain},
 * {@link LedgerConsumerMain}) are checked ({@link FaultLedgers}):
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

    @Test
    void killedProducersAndConsumersLoseNothingDuplicateOnlyWhatWasBeingHandledAndLeaveNothingStuck() throws Exception {
        int cycles = Integer.getInteger("ipsync.faults.cycles", CI_CYCLES);
        long seed = Long.getLong("ipsync.faults.seed", System.nanoTime());
        System.out.println("Fault injection: " + cycles + " cycles, seed " + seed
                + " (replay with -Dipsync.faults.seed=" + seed + ")");
        Random random = new Random(seed);
        queueDir = Files.createDirectories(dir.resolve("queue"));
        Path ledgerDir = Files.createDirectories(dir.resolve("ledgers"));
        Duration hardTimeout = Duration.ofMinutes(10).plusSeconds(3L * cycles);

        long started = System.nanoTime();
        try (LedgerProcesses processes = new LedgerProcesses(queueDir.toString(), ledgerDir, hardTimeout)) {
            processes.startProducers(PRODUCERS);
            processes.startConsumers(CONSUMERS);
            for (int cycle = 0; cycle < cycles; cycle++) {
                processes.killOneAtRandom(random, MAX_KILL_DELAY_MILLIS, LONG);
            }
            long killing = System.nanoTime() - started;

            processes.stopProducers(LONG);
            processes.drainConsumers(LONG);

            FaultLedgers ledgers = processes.ledgers();
            int temporaryFiles = assertNothingStuckAndSweepTemporaryFiles();
            ledgers.assertConsistent();
            System.out.printf("Fault injection, seed %d: %d cycles (%d producer and %d consumer kills) in %.1f s; "
                            + "%d puts returned, %d messages handled (%d not in a producer's ledger: killed after the put "
                            + "returned), %d handled twice or more after a consumer was killed while handling them, "
                            + "0 lost, 0 corrupt; %d temporary files of killed producers swept; %.1f s in all%n",
                    seed, cycles, processes.producerKills(), processes.consumerKills(), killing / 1e9, ledgers.puts().size(),
                    ledgers.handledIds().size(), ledgers.handledIds().size() - ledgers.puts().size(), ledgers.duplicates(),
                    temporaryFiles, (System.nanoTime() - started) / 1e9);
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
}
