package io.ipsync.redis.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.process.FaultLedgers;
import io.ipsync.process.LedgerProcesses;
import io.ipsync.redis.RedisSettings;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis server that stops answering, or is not there yet, while producer and consumer processes
 * ({@code LedgerProducerMain}, {@code LedgerConsumerMain} told to retry after a failure) use a
 * queue on it: every call fails within its bound naming the queue and the server, the processes
 * keep trying, and once the server answers they go on and nothing is lost. The children use the
 * transport's default timeouts, as an application that sets none would.
 */
class RedisOutageAcrossProcessesTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    private static final Duration HARD_TIMEOUT = Duration.ofMinutes(3);

    private static final String RETRY = "--retryAfterFailure=PT0.1S";

    private static final String LEASE = "--reclaimInterval=PT2S";

    /** Longer than the lease: a consumer's last, empty poll outlasts the return of any message lost with a reply. */
    private static final String POLL_TIMEOUT = "--pollTimeout=PT3S";

    private static final int CONSUMERS = 2;

    /** The most a put takes to fail with the default settings (a connection, then a command), and room for a busy machine. */
    private static final Duration PUT_BOUND = RedisSettings.DEFAULT_CONNECT_TIMEOUT
            .plus(RedisSettings.DEFAULT_COMMAND_TIMEOUT).plusSeconds(5);

    /** The most a poll takes to fail: its wait for a message, then a call as a put, or a blocking read of one slice. */
    private static final Duration POLL_BOUND = Duration.ofSeconds(3).plus(PUT_BOUND).plus(RedisSettings.DEFAULT_BLOCK_SLICE);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path ledgerDir;

    @AfterEach
    void serverBack() throws Exception {
        if (redis.isRunning()) {
            redis.resume();
        } else {
            redis.start();
        }
    }

    @Test
    void producersAndConsumersOutlastAServerFrozenBeyondTheirTimeoutsAndLoseNothing() throws Exception {
        RedisQueueState queue = new RedisQueueState(redis, "frozen");
        try (LedgerProcesses processes = new LedgerProcesses(queue.address(), ledgerDir, HARD_TIMEOUT)) {
            // A producer slow enough that the consumers mostly wait for its messages.
            processes.startProducers(1, RETRY, "--maxPauseMicros=5000");
            processes.startConsumers(CONSUMERS, RETRY, LEASE, POLL_TIMEOUT);
            processes.awaitReady(LONG); // each consumer polled: it is connected and in the group

            redis.pause();
            List<Failure> failures = new ArrayList<>();
            try {
                for (ChildJvm producer : processes.producers()) {
                    failures.add(Failure.parse(producer.awaitLineStartingWith("failed ", LONG)));
                }
                for (ChildJvm consumer : processes.consumers()) {
                    failures.add(Failure.parse(consumer.awaitLineStartingWith("unavailable ", LONG)));
                }
            } finally {
                redis.resume();
            }
            for (ChildJvm child : all(processes)) {
                child.awaitLineStartingWith("recovered ", LONG);
            }
            processes.stopProducers(LONG);
            processes.drainConsumers(LONG);

            assertFailures(failures, queue);
            FaultLedgers ledgers = processes.ledgers();
            ledgers.assertConsistent();
            queue.assertNothingLeft();
            System.out.printf("Frozen server: %d puts returned, %d messages handled, %d not acknowledged when the server"
                    + " froze, %d handled twice; the first failures: %s%n", ledgers.puts().size(), ledgers.handledIds().size(),
                    ledgers.unsettled(), ledgers.duplicates(), failures);
        }
    }

    @Test
    void processesStartedBeforeTheServerKeepTryingAndPassEveryMessageOnceItIsUp() throws Exception {
        RedisQueueState queue = new RedisQueueState(redis, "late-server");
        redis.stop();
        try (LedgerProcesses processes = new LedgerProcesses(queue.address(), ledgerDir, HARD_TIMEOUT)) {
            processes.startConsumers(CONSUMERS, RETRY, LEASE, POLL_TIMEOUT);
            processes.startProducers(1, RETRY);
            List<Failure> refused = new ArrayList<>();
            for (ChildJvm consumer : processes.consumers()) {
                for (int attempt = 0; attempt < 2; attempt++) { // it keeps trying
                    refused.add(Failure.parse(consumer.awaitLineStartingWith("unavailable ", LONG)));
                }
            }
            for (ChildJvm producer : processes.producers()) {
                refused.add(Failure.parse(producer.awaitLineStartingWith("failed ", LONG)));
            }

            redis.start();
            processes.awaitReady(LONG); // the producer's first put returned, each consumer's first poll
            for (ChildJvm consumer : processes.consumers()) {
                consumer.awaitLineStartingWith("recovered ", LONG);
            }
            processes.stopProducers(LONG);
            processes.drainConsumers(LONG);

            assertFailures(refused, queue);
            FaultLedgers ledgers = processes.ledgers();
            ledgers.assertConsistent();
            assertThat(ledgers.puts()).as("puts that returned").isNotEmpty();
            assertThat(ledgers.duplicates()).as("messages handled twice, where no consumer lost anything").isZero();
            queue.assertNothingLeft();
        }
    }

    /** Each failure names the queue and the server, and came within its bound. */
    private static void assertFailures(List<Failure> failures, RedisQueueState queue) {
        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.message()).contains(queue.name()).contains("127.0.0.1:" + redis.port());
            assertThat(failure.took()).isLessThan(failure.put() ? PUT_BOUND : POLL_BOUND);
        });
    }

    private static List<ChildJvm> all(LedgerProcesses processes) {
        return Stream.concat(processes.producers().stream(), processes.consumers().stream()).toList();
    }

    /**
     * A child's report of a failed call: {@code failed <id> <millis> <pid> <message>} from a
     * producer, {@code unavailable <millis> <pid> <message>} from a consumer.
     */
    private record Failure(boolean put, Duration took, String message) {

        static Failure parse(String line) {
            boolean put = line.startsWith("failed ");
            String[] parts = line.split(" ", put ? 5 : 4);
            return new Failure(put, Duration.ofMillis(Long.parseLong(parts[put ? 2 : 1])), parts[parts.length - 1]);
        }
    }
}
