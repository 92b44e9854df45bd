package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalAndWaitCommandTest {

    @TempDir
    Path temp;

    @Test
    void signalCreatesTheEventFileAndItsDirectoriesAndPrintsNothing() {
        Path event = temp.resolve("a/b/reload");

        CommandRun signal = run("signal", event.toString());

        assertThat(signal.exitCode()).isZero();
        assertThat(signal.out()).isEmpty();
        assertThat(event).isRegularFile();
    }

    @Test
    void waitPrintsOneLineWhenSignalledAfterItStarted() throws Exception {
        Path event = temp.resolve("reload");
        try (BackgroundRun wait = BackgroundRun.start("wait", event.toString(), "-n", "1", "--timeout", "30s")) {
            // wait only sees signals made after it opened the event: signal until it wakes.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(run("signal", event.toString()).exitCode()).isZero();
                return wait.isDone();
            });

            assertThat(wait.exitCode()).isZero();
            assertThat(wait.out()).isEqualTo("signalled" + System.lineSeparator());
        }
    }

    @Test
    void waitIgnoresASignalMadeBeforeItStartedAndExitsOneOnTimeout() {
        Path event = temp.resolve("reload");
        run("signal", event.toString());

        CommandRun wait = run("wait", event.toString(), "--timeout", "300ms");

        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(wait.out()).isEmpty();
    }

    @Test
    void waitWithFireOnInitWakesForASignalMadeBeforeItStarted() {
        Path event = temp.resolve("reload");
        run("signal", event.toString());

        CommandRun wait = run("wait", event.toString(), "-n", "1", "--fire-on-init", "--timeout", "10s");

        assertThat(wait.exitCode()).isZero();
        assertThat(wait.lines()).containsExactly("signalled");
    }

    @Test
    void waitOnAMissingDirectoryFailsAndCreatesNothing() {
        Path missing = temp.resolve("typo");

        CommandRun wait = run("wait", missing.resolve("reload").toString(), "--timeout", "1s");

        assertThat(wait.exitCode()).isEqualTo(3);
        assertThat(wait.err()).startsWith("ipsync wait: The directory " + missing).contains("does not exist")
                .hasLineCount(1);
        assertThat(missing).doesNotExist();
    }
}
