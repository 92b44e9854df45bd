package io.ipsync.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * ipsync running in this JVM on its own thread, for commands that wait (take, wait, watch):
 * the test acts while it runs, then collects its exit status. Always give such a command a
 * {@code --timeout}; {@link #close()} interrupts one still running.
 */
final class BackgroundRun implements AutoCloseable {

    private final StringWriter out = new StringWriter(); // a StringBuffer inside: safe to read while written

    private final StringWriter err = new StringWriter();

    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    private final Future<Integer> exitCode;

    private BackgroundRun(String... args) {
        exitCode = thread.submit(() -> IpsyncCommand.commandLine(InputStream.nullInputStream())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args));
    }

    static BackgroundRun start(String... args) {
        return new BackgroundRun(args);
    }

    boolean isDone() {
        return exitCode.isDone();
    }

    /** Waits (at most 30 seconds) for the command to end and returns its exit status. */
    int exitCode() throws Exception {
        return exitCode.get(30, TimeUnit.SECONDS);
    }

    String out() {
        return out.toString();
    }

    List<String> lines() {
        return out().lines().toList();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
