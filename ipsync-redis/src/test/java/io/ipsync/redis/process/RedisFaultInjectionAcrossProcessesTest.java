package io.ipsync.redis.process;

import io.ipsync.process.FaultLedgers;
import io.ipsync.process.LedgerProcesses;
import io.ipsync.redis.test.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file transport's fault injection ({@code io.ipsync.process.FaultInjectionAcrossProcessesTest})
 * on a queue on a real {@code redis-server}, which is itself among the victims: producer and
 * consumer processes ({@code LedgerProducerMain}, {@code LedgerConsumerMain}, told to retry after
 * a failure) share the queue while, cycle after cycle, the test kills one of them with SIGKILL and
 * starts a replacement, or, every third cycle, kills the server with SIGKILL and starts it again
 * after a random outage. The server writes every command to its append-only file before it
 * answers ({@code appendonly yes}, {@code appendfsync always}). Then the producers stop, the
 * consumers drain the queue, and {@link FaultLedgers} checks the ledgers:
 * <ul>
 * <li>every put that returned was handled, whatever happened to the server since;
 * <li>a message was begun twice only where a consumer was killed while handling it, or could not
 * acknowledge it because the server went away ({@code unsettled} in its ledger); no message was
 * acknowledged twice, none was corrupt;
 * <li>nothing is left on the server: nothing waits, is held, scheduled or dead.
 * </ul>
 *
 * <p>The schedule comes from a seeded {@link Random}, printed, and replayed (as far as the
 * processes' own timing allows) with {@code -Dipsync.faults.seed=<seed>}. CI runs
 * {@value #CI_CYCLES} cycles; the long mode runs by hand with the file run's property:
 * <pre>
 * ./mvnw -B verify -pl ipsync-core,ipsync-redis -Dtest=RedisFaultInjectionAcrossProcessesTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dipsync.faults.cycles=1000
 * </pre>
 * and prints its figures in
 * {@code ipsync-redis/target/surefire-reports/io.ipsync.redis.process.RedisFaultInjectionAcrossProcessesTest-output.txt}.
 */
class RedisFaultInjectionAcrossProcessesTest {

    static final int CI_CYCLES = 6;

    static final int MAX_KILL_DELAY_MILLIS = 300;

    /**
     * The longest the server stays down after a kill: past the moment (three quarters of the
     * consumers' two-second lease) after which the messages they hold may be taken over.
     */
    static final int MAX_OUTAGE_MILLIS = 2000;

    private static final int PRODUCERS = 2;

    private static final int CONSUMERS = 3;

    private static final Duration LONG = Duration.ofSeconds(90);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path ledgerDir;

    @Test
    void killedServerProducersAndConsumersLoseNothingDuplicateOnlyWhatWasCutShortAndLeaveNothingOnTheServer()
            throws Exception {
        int cycles = Integer.getInteger("ipsync.faults.cycles", CI_CYCLES);
        long seed = Long.getLong("ipsync.faults.seed", System.nanoTime());
        System.out.println("Redis fault injection: " + cycles + " cycles, seed " + seed
                + " (replay with -Dipsync.faults.seed=" + seed + ")");
        Random random = new Random(seed);
        RedisQueueState queue = new RedisQueueState(redis, "faults");
        Duration hardTimeout = Duration.ofMinutes(10).plusSeconds(5L * cycles);

        long started = System.nanoTime();
        int serverKills = 0;
        try (LedgerProcesses processes = new LedgerProcesses(queue.address(), ledgerDir, hardTimeout)) {
            processes.startProducers(PRODUCERS, "--retryAfterFailure=PT0.1S");
            // A lease of two seconds: a killed consumer's message comes back within it, and an
            // outage of the server may outlast it.
            processes.startConsumers(CONSUMERS, "--retryAfterFailure=PT0.1S", "--reclaimInterval=PT2S", "--pollTimeout=PT3S");
            for (int cycle = 0; cycle < cycles; cycle++) {
                if (cycle % 3 == 2) {
                    // Delays that pick the moment of the kill and the length of the outage, not synchronisations.
                    Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
                    redis.kill9();
                    Thread.sleep(random.nextInt(MAX_OUTAGE_MILLIS));
                    redis.start();
                    serverKills++;
                } else {
                    processes.killOneAtRandom(random, MAX_KILL_DELAY_MILLIS, LONG);
                }
            }
            long killing = System.nanoTime() - started;

            processes.stopProducers(LONG);
            processes.drainConsumers(LONG);

            FaultLedgers ledgers = processes.ledgers();
            ledgers.assertConsistent();
            queue.assertNothingLeft();
            System.out.printf("Redis fault injection, seed %d: %d cycles (%d server, %d producer and %d consumer kills) in"
                            + " %.1f s; %d puts returned, %d messages handled (%d not in a producer's ledger: killed after"
                            + " the put returned, or the put failed after the server stored it), %d not acknowledged when"
                            + " the server went away, %d handled twice or more, 0 lost, 0 corrupt; %.1f s in all%n",
                    seed, cycles, serverKills, processes.producerKills(), processes.consumerKills(), killing / 1e9,
                    ledgers.puts().size(), ledgers.handledIds().size(), ledgers.handledIds().size() - ledgers.puts().size(),
                    ledgers.unsettled(), ledgers.duplicates(), (System.nanoTime() - started) / 1e9);
        }
    }
}
