package io.ipsync.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The project's Python peer, {@code jk_peer.py} (the file protocol of jk_interprocesssync as
 * PROTOCOL.md states it, standard library only; its source is
 * {@code ipsync-core/src/test/python/jk_peer.py}, where the interoperability tests use it): the
 * build puts it in the jar beside the bench's classes, and the bench writes it out to its
 * workspace and runs it with {@code python3} from the PATH.
 *
 * <p>Its bench roles ({@code bench-produce}, {@code bench-spin}) speak the line protocol of the
 * bench's Java children ({@link ParentLink}), so the bench sees them as {@link ChildJvm}s.
 */
final class PythonPeerScript {

    /** The interpreter, looked up on the PATH. */
    static final String PYTHON = "python3";

    /** What a scenario that needs the peer says when there is no interpreter. */
    static final String MISSING = "no " + PYTHON + " on the PATH";

    private static final String RESOURCE = "jk_peer.py";

    private static final long LONGEST_VERSION_CHECK_SECONDS = 60;

    private final Path script;

    private PythonPeerScript(Path script) {
        this.script = script;
    }

    /**
     * Writes the peer into {@code folder}, where {@code python3} can be started.
     *
     * @return empty when there is no working {@code python3}
     */
    static Optional<PythonPeerScript> writeTo(Path folder) throws IOException {
        if (!available()) {
            return Optional.empty();
        }
        Path script = folder.resolve(RESOURCE);
        copy(script);
        return Optional.of(new PythonPeerScript(script));
    }

    /** Whether {@code python3 --version} runs and succeeds here. */
    static boolean available() {
        try {
            Process process = new ProcessBuilder(PYTHON, "--version").redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!process.waitFor(LONGEST_VERSION_CHECK_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Copies the peer out of the jar to {@code target}. */
    static void copy(Path target) throws IOException {
        try (InputStream in = PythonPeerScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BenchFailure("The Python peer " + RESOURCE + " is not in the jar beside the bench's classes");
            }
            Files.copy(in, target);
        }
    }

    Path script() {
        return script;
    }

    /**
     * A Python producer on {@code queue} ({@code bench-produce}): on {@code go}, {@code burst}
     * messages flat out, waited for until taken, then up to {@code count} in all or for
     * {@code seconds}, at {@code rate} a second (0: flat out).
     *
     * @param count all messages, the burst included, or 0 for no limit
     * @param seconds how long to put after the burst, or 0 for no limit
     */
    ChildJvm startProducer(String name, Path queue, long burst, long count, double seconds, long rate) throws IOException {
        List<String> options = new ArrayList<>(List.of("--burst", Long.toString(burst), "--rate", Long.toString(rate)));
        if (count > 0) {
            options.addAll(List.of("--count", Long.toString(count)));
        }
        if (seconds > 0) {
            options.addAll(List.of("--seconds", Double.toString(seconds)));
        }
        return start(name, "bench-produce", queue, options);
    }

    /**
     * The original's consumer loop, spinning ({@code bench-spin}): it takes messages until
     * {@code count} (0: until its input ends), recording latencies from message {@code warmup} on.
     */
    ChildJvm startSpinningConsumer(String name, Path queue, long count, long warmup) throws IOException {
        List<String> options = new ArrayList<>(List.of("--warmup", Long.toString(warmup)));
        if (count > 0) {
            options.addAll(List.of("--count", Long.toString(count)));
        }
        return start(name, "bench-spin", queue, options);
    }

    private ChildJvm start(String name, String command, Path queue, List<String> options) throws IOException {
        List<String> line = new ArrayList<>(List.of(PYTHON, script.toString(), command, queue.toString()));
        line.addAll(options);
        Process process = new ProcessBuilder(line).redirectError(Redirect.INHERIT).start();
        return ChildJvm.adopt(name, process);
    }
}
