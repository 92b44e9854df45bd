package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileQueueChannel;
import io.ipsync.file.FileSettings;
import io.ipsync.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumers in separate JVMs that die, stall or fail: at-least-once delivery, liveness by lock,
 * and attempt counting hold across processes.
 */
class ConsumerFailureAcrossProcessesTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Short, so that the other consumer's reaper runs often while the test watches. */
    private static final String SHORT_RECLAIM = "--reclaimInterval=PT0.2S";

    @TempDir
    Path queueDir;

    @Test
    void messageOfAConsumerKilledWhileHandlingItIsHandledByAnotherProcessOnItsSecondAttempt() throws Exception {
        List<String> names = putJobs(50);
        int killedJob = 25;
        try (ChildJvm first = ChildJvm.start("first consumer", QueueConsumerMain.class, queueDir.toString(),
                "--block=" + killedJob, "--stopAfterIdlePolls=0")) {
            ConsumerReport handling = ConsumerReport.parse(first.awaitLineStartingWith("handling ", LONG));
            assertThat(handling.jobId()).isEqualTo(killedJob);
            assertThat(handling.attempt()).isEqualTo(1);

            first.kill();
            QueueFiles files = new QueueFiles(queueDir);
            assertThat(files.claimFolders()).as("the killed consumer's claim folder, left behind").hasSize(1);
            assertThat(files.claimsOf(files.claimFolders().get(0))).containsExactly("1-" + names.get(killedJob));

            try (ChildJvm second = ChildJvm.start("second consumer", QueueConsumerMain.class, queueDir.toString(),
                    SHORT_RECLAIM, "--stopAfterIdlePolls=1")) {
                second.awaitSuccess(LONG);

                Map<Integer, ConsumerReport> handled = ConsumerReport.byJobId(List.of(first, second), "handled");
                assertThat(handled.keySet()).as("every job handled exactly once")
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).boxed().toList());
                assertThat(handled.get(killedJob).pid()).isEqualTo(second.pid());
                assertThat(handled.get(killedJob).attempt()).isEqualTo(2);
                assertThat(handled.values()).filteredOn(report -> report.jobId() != killedJob)
                        .allSatisfy(report -> assertThat(report.attempt()).isEqualTo(1));
                assertThat(ConsumerReport.jobIds(first, "handled")).as("jobs acknowledged before the kill")
                        .containsExactlyElementsOf(IntStream.range(0, killedJob).boxed().toList());
                files.assertNothingLeft();
            }
        }
    }

    @Test
    void slowButLiveConsumerKeepsItsClaimWhileAnotherProcessReapsAgainAndAgain() throws Exception {
        putJobs(20);
        int slowJob = 0;
        try (ChildJvm slow = ChildJvm.start("slow consumer", QueueConsumerMain.class, queueDir.toString(),
                     "--block=" + slowJob, SHORT_RECLAIM, "--stopAfterIdlePolls=1");
             ChildJvm reaping = startWhenSlowOneHandles(slow, slowJob)) {
            // The other consumer takes the rest, then keeps polling: each empty poll outlasts the
            // reclaim interval, so its reaper looked at the slow consumer's claim during each.
            for (int i = 0; i < 5; i++) {
                reaping.awaitLineStartingWith("idle ", LONG);
            }
            // And this process, a third one, runs the reaper outright.
            try (FileQueueChannel reaper = FileQueueChannel.open(queueDir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(reaper.reclaimAbandoned()).as("messages taken from a live consumer").isZero();
                }
            }
            assertThat(ConsumerReport.jobIds(reaping, "handled")).doesNotContain(slowJob).hasSize(19);
            QueueFiles files = new QueueFiles(queueDir);
            assertThat(files.retries()).isEmpty();
            assertThat(files.waiting()).isEmpty();

            slow.send("release " + slowJob);
            ConsumerReport handled = ConsumerReport.parse(slow.awaitLineStartingWith("handled ", LONG));
            assertThat(handled.jobId()).isEqualTo(slowJob);
            assertThat(handled.attempt()).isEqualTo(1);
            slow.awaitSuccess(LONG);
            reaping.send("stop");
            reaping.awaitSuccess(LONG);

            Map<Integer, ConsumerReport> all = ConsumerReport.byJobId(List.of(slow, reaping), "handled");
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
            files.assertNothingLeft();
        }
    }

    /**
     * Slower than slow: a consumer process that is stopped outright (SIGSTOP, as a debugger, a
     * long GC pause or a starved container would stop it) while it holds a claim still holds its
     * lock, so no reaper takes the claim, and it settles the message once it runs again.
     */
    @Test
    void consumerProcessStoppedWhileHandlingKeepsItsClaimUntilItRunsAgain() throws Exception {
        List<String> names = putJobs(10);
        int slowJob = 0;
        try (ChildJvm slow = ChildJvm.start("stopped consumer", QueueConsumerMain.class, queueDir.toString(),
                     "--block=" + slowJob, SHORT_RECLAIM, "--stopAfterIdlePolls=1");
             ChildJvm reaping = startWhenSlowOneHandles(slow, slowJob)) {
            signal("STOP", slow);
            try {
                for (int i = 0; i < 5; i++) {
                    reaping.awaitLineStartingWith("idle ", LONG);
                }
                try (FileQueueChannel reaper = FileQueueChannel.open(queueDir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
                    assertThat(reaper.reclaimAbandoned()).as("messages taken from a stopped consumer").isZero();
                }
                QueueFiles files = new QueueFiles(queueDir);
                List<String> claimed = new ArrayList<>();
                for (String folder : files.claimFolders()) {
                    claimed.addAll(files.claimsOf(folder));
                }
                assertThat(claimed).as("claims held").containsExactly("1-" + names.get(slowJob));
                assertThat(files.retries()).isEmpty();
                assertThat(files.waiting()).isEmpty();
            } finally {
                signal("CONT", slow);
            }
            slow.send("release " + slowJob);
            ConsumerReport handled = ConsumerReport.parse(slow.awaitLineStartingWith("handled ", LONG));
            assertThat(handled.jobId()).isEqualTo(slowJob);
            assertThat(handled.attempt()).isEqualTo(1);
            slow.awaitSuccess(LONG);
            reaping.send("stop");
            reaping.awaitSuccess(LONG);

            Map<Integer, ConsumerReport> all = ConsumerReport.byJobId(List.of(slow, reaping), "handled");
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
            new QueueFiles(queueDir).assertNothingLeft();
        }
    }

    @Test
    void attemptCountSurvivesAConsumerRestartUntilTheMessageIsDeadLettered() throws Exception {
        List<String> names = putJobs(5);
        int poison = 0;
        try (ChildJvm first = ChildJvm.start("first consumer", QueueConsumerMain.class, queueDir.toString(),
                "--fail=" + poison, "--maxAttempts=3", "--backOff=none", "--stopAfterFailures=1")) {
            first.awaitSuccess(LONG);
            assertThat(ConsumerReport.of(first, "failing")).extracting(ConsumerReport::attempt).containsExactly(1);
            assertThat(new QueueFiles(queueDir).retries()).as("the failed message, waiting for its next attempt")
                    .singleElement().asString().matches(retryName(1, names.get(poison)));

            try (ChildJvm second = ChildJvm.start("second consumer", QueueConsumerMain.class, queueDir.toString(),
                    "--fail=" + poison, "--maxAttempts=3", "--backOff=none", "--stopAfterIdlePolls=1")) {
                second.awaitSuccess(LONG);
                assertThat(ConsumerReport.of(second, "failing")).extracting(ConsumerReport::attempt).containsExactly(2, 3);
                assertThat(ConsumerReport.jobIds(second, "handled")).containsExactlyInAnyOrder(1, 2, 3, 4);

                JsonNode reason = assertDeadLetteredAlone(names.get(poison));
                assertThat(reason.get("attempts").asInt()).isEqualTo(3);
                assertThat(reason.get("reason").asString()).contains("last attempt (3 of 3)");
                assertThat(reason.get("exception").asString())
                        .contains("job 0 fails on purpose on attempt 3 in process " + second.pid());
            }
        }
    }

    @Test
    void attemptOfAConsumerKilledWhileHandlingCountsTowardsDeadLettering() throws Exception {
        List<String> names = putJobs(1);
        int poison = 0;
        try (ChildJvm first = ChildJvm.start("first consumer", QueueConsumerMain.class, queueDir.toString(),
                "--fail=" + poison + "@1", "--block=" + poison + "@2", "--maxAttempts=3", "--backOff=none",
                "--stopAfterIdlePolls=0")) {
            ConsumerReport handling = ConsumerReport.parse(first.awaitLineStartingWith("handling ", LONG));
            assertThat(handling.attempt()).isEqualTo(2);
            first.kill();

            try (ChildJvm second = ChildJvm.start("second consumer", QueueConsumerMain.class, queueDir.toString(),
                    "--fail=" + poison, "--maxAttempts=3", "--backOff=none", SHORT_RECLAIM, "--stopAfterIdlePolls=1")) {
                second.awaitSuccess(LONG);
                assertThat(ConsumerReport.of(first, "failing")).extracting(ConsumerReport::attempt).containsExactly(1);
                assertThat(ConsumerReport.of(second, "failing")).extracting(ConsumerReport::attempt).containsExactly(3);

                JsonNode reason = assertDeadLetteredAlone(names.get(poison));
                assertThat(reason.get("attempts").asInt()).isEqualTo(3);
                assertThat(reason.get("reason").asString()).contains("last attempt (3 of 3)");
            }
        }
    }

    private ChildJvm startWhenSlowOneHandles(ChildJvm slow, int slowJob) throws InterruptedException {
        ConsumerReport handling = ConsumerReport.parse(slow.awaitLineStartingWith("handling ", LONG));
        assertThat(handling.jobId()).isEqualTo(slowJob);
        return ChildJvm.start("reaping consumer", QueueConsumerMain.class, queueDir.toString(),
                SHORT_RECLAIM, "--pollTimeout=PT0.5S", "--stopAfterIdlePolls=0");
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a child with the kill command. */
    private static void signal(String signal, ChildJvm child) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(child.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + child.pid()).isZero();
    }

    /** Puts jobs 0 .. count-1 from this process and returns their message names. */
    private List<String> putJobs(int count) {
        try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
            return queue.putAll(IntStream.range(0, count).mapToObj(id -> new Job(id, ProcessHandle.current().pid())).toList());
        }
    }

    /** The pattern of a retry file's name after {@code failedAttempts} (layout of {@code RetryFileName}). */
    private static String retryName(int failedAttempts, String message) {
        return "\\d{13}-" + failedAttempts + "-" + Pattern.quote(message);
    }

    /** Asserts the message is the only dead letter and nothing else remains; returns its reason record. */
    private JsonNode assertDeadLetteredAlone(String message) throws Exception {
        QueueFiles files = new QueueFiles(queueDir);
        assertThat(files.dead()).containsExactly(message, "reason-" + message + ".json");
        assertThat(files.waiting()).isEmpty();
        assertThat(files.retries()).isEmpty();
        assertThat(files.claimFolders()).isEmpty();
        assertThat(files.owners()).isEmpty();
        JsonNode reason = JsonMapper.builder().build().readTree(Files.readString(files.deadLetter("reason-" + message + ".json")));
        assertThat(reason.get("message").asString()).isEqualTo(message);
        return reason;
    }
}
