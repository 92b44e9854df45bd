package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.Claim;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer in another process holds its message as long as it lives, however long past its
 * lease, and loses it to the others within the lease once killed with {@code kill -9}.
 */
class ConsumerProcessCrashTest {

    /** A few seconds: the child renews every quarter lease and keeps its message unless a renewal is half a lease late. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Test
    void aKilledConsumersMessageComesBackWithinTheLeaseAsAttemptTwo() throws Exception {
        String name = QueueFixture.uniqueName("crash");
        try (QueueFixture queues = new QueueFixture(redis)) {
            RedisQueueChannel survivor = queues.open(name, LEASE);
            String id = survivor.put("\"work\"".getBytes(StandardCharsets.UTF_8));
            Process child = startChild(name);
            try {
                BlockingQueue<String> lines = readLines(child);
                String claimed = lines.poll(60, TimeUnit.SECONDS);
                assertThat(claimed).as("the child's report").isEqualTo("CLAIMED " + id + " 1");

                assertThat(survivor.claim(LEASE.multipliedBy(2).toNanos())).as("taken from the living child").isNull();

                child.destroyForcibly(); // SIGKILL: no close, no release, no more renewals
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                Claim claim = survivor.claim(LEASE.multipliedBy(4).toNanos());

                assertThat(claim).isNotNull();
                assertThat(claim.messageId()).isEqualTo(id);
                assertThat(claim.attempt()).isEqualTo(2);
                // The lease (another after a gap in the sweeps), and room for a busy machine.
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(LEASE.multipliedBy(3));
                survivor.acknowledge(claim);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static Process startChild(String queue) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), HoldingConsumerMain.class.getName(), redis.uri(), queue,
                Long.toString(LEASE.toMillis())))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the child is gone
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
