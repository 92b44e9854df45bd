package io.ipsync.cli.bench;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * A child process's side of its link to the bench: it tells the bench what happened, one line on
 * standard output at a time ({@code ready}, {@code warm}, {@code woke <epoch nanos>},
 * {@code result <json>}), and learns from standard input when to begin (a line {@code go}) and
 * when to end (the end of the input: the bench closed it, or died).
 */
final class ParentLink {

    /** The line that tells a child to begin. */
    static final String GO = "go";

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);

    private final CountDownLatch go = new CountDownLatch(1);

    private final CountDownLatch ended = new CountDownLatch(1);

    private final Runnable onEnd;

    private ParentLink(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    /**
     * Starts listening to standard input.
     *
     * @param onEnd run once when the input ends, on the listening thread: it should make the
     *     child's waits return
     */
    static ParentLink connect(InputStream in, Runnable onEnd) {
        ParentLink link = new ParentLink(onEnd);
        Thread listener = new Thread(() -> link.listen(in), "bench-parent-link");
        listener.setDaemon(true);
        listener.start();
        return link;
    }

    private void listen(InputStream in) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.trim().equals(GO)) {
                    go.countDown();
                }
            }
        } catch (IOException e) {
            // an input that cannot be read has ended
        } finally {
            ended.countDown();
            go.countDown(); // a child waiting to begin must not wait for an input that has ended
            onEnd.run();
        }
    }

    /** Sends one line to the bench, at once. */
    void tell(String line) {
        out.println(line);
        out.flush();
    }

    /** Sends the child's results, the last thing it tells. */
    void report(ObjectNode result) {
        tell("result " + result.toString());
    }

    /**
     * Waits for {@code go}.
     *
     * @return {@code false} when the input ended first, or the timeout passed
     */
    boolean awaitGo(Duration timeout) throws InterruptedException {
        return go.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && !hasEnded();
    }

    /** Waits for the end of the input, at most the timeout. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }
}
