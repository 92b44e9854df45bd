package io.ipsync.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.Event;
import io.ipsync.EventOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event file shared with processes that run the Python original (played by
 * {@code jk_peer.py}): signals wake listeners in both directions, every time.
 */
class PythonEventInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The Python listener's poll sleep, small to keep the tests quick (the original's default is 1 s). */
    private static final String PYTHON_SLEEP = "0.05";

    @TempDir
    Path dir;

    /** Per test, not per class: surefire shows each skipped test with the reason, an aborted class not at all. */
    @BeforeEach
    void requirePython() {
        PythonPeer.assumePythonAvailable();
    }

    @Test
    void pythonSignalsWakeJavaListenerEachTime() throws Exception {
        Path file = dir.resolve("reload.event");
        try (Event event = Event.open(file, EventOptions.builder().fireOnInit(false).build())) {
            PythonPeer.run("event-signal", file.toString());
            assertThat(event.await(WAIT)).as("woken by the first Python signal (which creates the file)").isTrue();

            // Truncates the existing empty file: only its times move, not its inode or size.
            PythonPeer.run("event-signal", file.toString());
            assertThat(event.await(WAIT)).as("woken by the second Python signal").isTrue();
        }
    }

    @Test
    void javaSignalsWakePythonListenerEachTime() throws Exception {
        Path file = dir.resolve("reload.event");
        try (Event event = Event.open(file)) {
            event.signal();
            try (PythonPeer listener = PythonPeer.start("event-wait", file.toString(), "--count", "2",
                    "--no-fire-on-init", "--sleep", PYTHON_SLEEP, "--timeout", "60")) {
                listener.awaitReady();
                event.signal();
                assertThat(listener.nextLine()).startsWith("wake ");
                event.signal();
                assertThat(listener.nextLine()).startsWith("wake ");
                assertThat(listener.remainingLinesAfterSuccess()).isEmpty();
            }
        }
    }

    @Test
    void pythonListenerFiresOnInitForAFileJavaSignalledBefore() {
        Path file = dir.resolve("ready.event");
        try (Event event = Event.open(file)) {
            event.signal();
        }
        assertThat(PythonPeer.run("event-wait", file.toString(), "--count", "1", "--sleep", PYTHON_SLEEP,
                "--timeout", "60")).containsExactly("ready", "wake " + pythonMtime(file));
    }

    @Test
    void javaSignalsMoveThePythonVisibleMtimeForwardEvenWhenTheClockIsBehind() throws Exception {
        Path file = dir.resolve("skewed.event");
        try (Event event = Event.open(file)) {
            event.signal();
            // As after a signal from a host whose clock runs ahead, or within one coarse clock tick:
            // "now" is not later than the mtime a Python listener last saw.
            Instant ahead = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
            Files.setLastModifiedTime(file, FileTime.from(ahead));
            double seenByPython = ahead.getEpochSecond() + ahead.getNano() / 1e9;

            try (PythonPeer listener = PythonPeer.start("event-wait", file.toString(), "--count", "2",
                    "--no-fire-on-init", "--sleep", PYTHON_SLEEP, "--timeout", "60")) {
                listener.awaitReady();
                for (int signal = 1; signal <= 2; signal++) {
                    event.signal();
                    double mtime = Double.parseDouble(listener.nextLine().substring("wake ".length()));
                    assertThat(mtime).as("st_mtime Python saw after Java signal %s", signal).isGreaterThan(seenByPython);
                    seenByPython = mtime;
                }
                listener.remainingLinesAfterSuccess();
            }
        }
    }

    /** The file's {@code st_mtime} as Python prints it ({@code repr} of the float). */
    private static String pythonMtime(Path file) {
        return PythonPeer.run("event-mtime", file.toString()).get(0);
    }
}
