package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.Event;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shaded jar as users run it: {@code java -jar ipsync.jar ...} in real child processes. */
class ShadedJarIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    @Test
    void versionComesFromTheBuildAndStandardErrorStaysEmpty() throws Exception {
        ShadedJar.Finished version = ShadedJar.run(temp, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.lines().get(0)).matches("ipsync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(version.err()).isEmpty();
    }

    @Test
    void takeInAChildProcessPrintsAMessagePutByAnotherChildProcess() throws Exception {
        Path queue = Files.createDirectory(temp.resolve("queue"));
        Path out = temp.resolve("take.out");
        Path err = temp.resolve("take.err");
        Process take = ShadedJar.command("take", queue.toString(), "-n", "1", "--timeout", "60s")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            ShadedJar.Finished put = ShadedJar.run(temp, "", "put", queue.toString(), "{ \"order\" : \"A-17\" }");
            assertThat(put.exitCode()).isZero();

            ShadedJar.Finished taken = ShadedJar.finish(take, out, err);
            assertThat(taken.exitCode()).isZero();
            assertThat(taken.out()).isEqualTo("{\"order\":\"A-17\"}\n");
            assertThat(taken.err()).isEmpty();
        } finally {
            take.destroyForcibly();
        }
    }

    @Test
    void putReadsStandardInputAllOrNothingAndStatCountsTheMessages() throws Exception {
        Path queue = temp.resolve("queue");

        ShadedJar.Finished rejected = ShadedJar.run(temp, "1\n2\nthree\n4\n", "put", queue.toString());
        ShadedJar.Finished accepted = ShadedJar.run(temp, "1\n\n{\"two\": 2}\n", "put", queue.toString());
        ShadedJar.Finished stat = ShadedJar.run(temp, "", "stat", "--json", queue.toString());

        assertThat(rejected.exitCode()).isEqualTo(2);
        assertThat(rejected.err()).startsWith("ipsync put: line 3 is not JSON: ").hasLineCount(1);
        assertThat(accepted.exitCode()).isZero();
        assertThat(stat.exitCode()).isZero();
        JsonNode counters = JSON.readTree(stat.out());
        assertThat(counters.get("waiting").asLong()).isEqualTo(2);
        assertThat(counters.get("inFlight").asLong()).isZero();
    }

    @Test
    void failureIsOneLineOnStandardErrorAndNothingOnStandardOutput() throws Exception {
        Path missing = temp.resolve("no-such-queue");

        ShadedJar.Finished take = ShadedJar.run(temp, "", "take", missing.toString(), "--timeout", "1s");

        assertThat(take.exitCode()).isEqualTo(3);
        assertThat(take.out()).isEmpty();
        assertThat(take.err()).isEqualTo("ipsync take: The queue directory " + missing + " does not exist\n");
    }

    @Test
    void waitInAChildProcessWakesWhenThisProcessSignals() throws Exception {
        Path file = temp.resolve("reload");
        Path out = temp.resolve("wait.out");
        Process wait = ShadedJar.command("wait", file.toString(), "-n", "1", "--timeout", "60s")
                .redirectOutput(out.toFile())
                .redirectError(temp.resolve("wait.err").toFile())
                .start();
        try (Event event = Event.open(file)) {
            // Only signals after wait opened the event count: signal until it wakes.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                event.signal();
                return !wait.isAlive();
            });
            assertThat(wait.exitValue()).isZero();
            assertThat(Files.readString(out)).isEqualTo("signalled\n");
        } finally {
            wait.destroyForcibly();
        }
    }

    /**
     * A take killed with SIGKILL at an arbitrary moment: while printing, blocked on a full pipe,
     * between a message's line and its acknowledgement. Every message must still be printed,
     * by the killed take or by the next one, and at most the one it held twice.
     */
    @Test
    void takeKilledAtAnyMomentLosesNoMessage() throws Exception {
        Path queue = Files.createDirectory(temp.resolve("queue"));
        int total = 300;
        String padding = "x".repeat(2_000); // 300 messages of 2 kB overflow any pipe buffer
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            for (int i = 0; i < total; i++) {
                producer.put(Map.of("seq", i, "padding", padding));
            }
        }

        Process killed = ShadedJar.command("take", queue.toString())
                .redirectError(temp.resolve("killed.err").toFile())
                .start();
        ByteArrayOutputStream printedByKilled = new ByteArrayOutputStream();
        try {
            // Read until the first whole line, then stop reading: the child soon blocks on the
            // full pipe with a message claimed and half written.
            InputStream stdout = killed.getInputStream();
            CompletableFuture.runAsync(() -> readUntilFirstNewline(stdout, printedByKilled))
                    .get(60, TimeUnit.SECONDS);
            // SIGKILL: no shutdown hook, no release. Through the handle, because Process.destroy*
            // would also close the pipe that still holds what the child wrote.
            assertThat(killed.toHandle().destroyForcibly()).isTrue();
            assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            printedByKilled.write(stdout.readAllBytes()); // what it wrote before it died
        } finally {
            killed.destroyForcibly();
        }
        List<Integer> firstRun = completeLines(printedByKilled.toString(StandardCharsets.UTF_8));
        assertThat(firstRun).isNotEmpty().hasSizeLessThan(total);
        try (JsonDataQueue before = JsonDataQueue.open(queue)) {
            QueueStats stats = before.stats();
            assertThat(stats.inFlight()).as("claimed by the killed take").isLessThanOrEqualTo(1);
            assertThat(stats.waiting() + stats.inFlight() + firstRun.size())
                    .as("each message is waiting, claimed, or was printed").isGreaterThanOrEqualTo(total);
        }

        ShadedJar.Finished next = ShadedJar.run(temp, "", "take", queue.toString(), "--timeout", "3s");
        assertThat(next.exitCode()).isEqualTo(1);
        List<Integer> secondRun = completeLines(next.out());

        Map<Integer, Integer> timesPrinted = new HashMap<>();
        firstRun.forEach(seq -> timesPrinted.merge(seq, 1, Integer::sum));
        secondRun.forEach(seq -> timesPrinted.merge(seq, 1, Integer::sum));
        assertThat(timesPrinted.keySet()).as("every message printed").hasSize(total)
                .allMatch(seq -> seq >= 0 && seq < total);
        assertThat(timesPrinted.values().stream().filter(n -> n > 1).count())
                .as("messages printed twice: at most the one held when killed").isLessThanOrEqualTo(1);
        try (JsonDataQueue after = JsonDataQueue.open(queue)) {
            assertThat(after.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    private static void readUntilFirstNewline(InputStream in, ByteArrayOutputStream into) {
        try {
            int b;
            while ((b = in.read()) != -1) {
                into.write(b);
                if (b == '\n') {
                    return;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The seq of each whole line; a last line cut short by the kill was not delivered and is dropped. */
    private static List<Integer> completeLines(String printed) {
        List<Integer> seqs = new ArrayList<>();
        int start = 0;
        for (int end = printed.indexOf('\n'); end >= 0; end = printed.indexOf('\n', start)) {
            seqs.add(JSON.readTree(printed.substring(start, end)).get("seq").asInt());
            start = end + 1;
        }
        return seqs;
    }
}
