package io.ipsync.cli.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario journal-shell: a queue used from a shell, whole processes, as a script would use it:
 * {@code ipsync put DIR < lines} with two {@code ipsync take DIR} processes sharing the messages,
 * each started through the launcher beside the jar, on a journal queue and on a files-layout
 * queue in turn. The time runs from the start of the put (the takers were started just before it)
 * to the moment the takers have printed every line between them.
 *
 * <p>The journal gets twice the plan's backlog (2,000,000 lines), the files layout twice its
 * message count (200,000): two million files would take gigabytes of the RAM disk's pages and
 * minutes, and a rate is a rate. The figure the issue asks for is the ratio of the two rates.
 */
final class ShellPipelineRun implements ScenarioRun {

    private static final int TAKERS = 2;

    /** About 90 bytes, as the other scenarios' messages, with a number that makes each line its own. */
    private static final String LINE = "{\"id\":%d,\"task\":\"resize\",\"note\":\"about ninety bytes of JSON per message\"}%n";

    @Override
    public void run(BenchContext context) throws Exception {
        Path jar = Path.of(ChildJvm.classPath());
        Path launcher = jar.resolveSibling("ipsync");
        if (!Files.isExecutable(launcher)) {
            throw new BenchFailure("journal-shell runs the launcher beside ipsync.jar, and there is none at " + launcher
                    + ": run the bench from the jar that package built (java -jar ipsync-cli/target/ipsync.jar bench)");
        }
        long journalLines = 2 * context.plan().backlog();
        long fileLines = 2 * context.plan().messages();
        Path folder = context.workspace().newFolder("journal-shell");
        Path lines = folder.resolve("lines.jsonl");
        writeLines(lines, Math.max(journalLines, fileLines));
        double journal = rate(context, launcher, folder, lines, "journal", journalLines);
        double files = rate(context, launcher, folder, lines, "files", fileLines);
        Scenario shell = Scenario.JOURNAL_SHELL;
        context.add(Figure.of(shell, "journalRate", "put of " + Rate.grouped(journalLines) + " lines, " + TAKERS
                + " takes, journal", journal, Figure.MESSAGES_PER_SECOND));
        context.add(Figure.of(shell, "filesRate", "put of " + Rate.grouped(fileLines) + " lines, " + TAKERS
                + " takes, files", files, Figure.MESSAGES_PER_SECOND));
        context.add(Figure.of(shell, "journalToFiles", "journal ÷ files, end to end", journal / files, Figure.TIMES)
                .withTarget("≥ 20"));
        context.workspace().remove(folder);
    }

    private static void writeLines(Path file, long count) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long id = 0; id < count; id++) {
                writer.write(String.format(LINE, id));
            }
        }
    }

    /** One end-to-end run of {@code count} lines on a fresh queue of the layout: messages a second. */
    private static double rate(BenchContext context, Path launcher, Path folder, Path lines, String layout, long count)
            throws Exception {
        Path queue = folder.resolve(layout);
        Path input = folder.resolve(layout + "-lines.jsonl");
        copyHead(lines, input, count);
        Path errors = folder.resolve(layout + "-stderr.txt");
        if (run(launcher, errors, Redirect.from(Path.of("/dev/null").toFile()), "put", "--layout", layout,
                queue.toString()).waitFor() != 0) {
            throw failure("creating the " + layout + " queue", errors);
        }
        context.say("journal-shell: ipsync put of %,d lines into a %s queue, %d ipsync take processes sharing them",
                count, layout, TAKERS);
        AtomicLong printed = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        List<Process> takers = new ArrayList<>();
        List<Thread> counters = new ArrayList<>();
        try {
            for (int taker = 0; taker < TAKERS; taker++) {
                Process process = run(launcher, errors, Redirect.PIPE, "take", queue.toString());
                takers.add(process);
                Thread counter = new Thread(() -> countLines(process.getInputStream(), printed, count, all),
                        "journal-shell-count-" + taker);
                counter.setDaemon(true);
                counter.start();
                counters.add(counter);
            }
            long start = System.nanoTime();
            Process put = run(launcher, errors, Redirect.from(input.toFile()), "put", queue.toString());
            long longest = ChildJvm.generousFor(count).toNanos();
            if (!all.await(longest, TimeUnit.NANOSECONDS)) {
                throw new BenchFailure("journal-shell: the takers printed " + printed.get() + " of " + count + " lines of"
                        + " the " + layout + " queue within " + TimeUnit.NANOSECONDS.toSeconds(longest) + " s");
            }
            long nanos = System.nanoTime() - start;
            if (!put.waitFor(1, TimeUnit.MINUTES) || put.exitValue() != 0) {
                put.destroyForcibly();
                throw failure("ipsync put into the " + layout + " queue", errors);
            }
            return Rate.perSecond(count, nanos);
        } finally {
            for (Process taker : takers) {
                taker.destroy();
                if (!taker.waitFor(30, TimeUnit.SECONDS)) {
                    taker.destroyForcibly();
                }
            }
            for (Thread counter : counters) {
                counter.join(TimeUnit.SECONDS.toMillis(30));
            }
            context.workspace().remove(queue);
            Files.deleteIfExists(input);
        }
    }

    private static Process run(Path launcher, Path errors, Redirect input, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(input)
                .redirectError(Redirect.appendTo(errors.toFile()));
        if (!input.equals(Redirect.PIPE)) {
            builder.redirectOutput(Redirect.DISCARD);
        }
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("IPSYNC_JAVA_OPTS");
        return builder.start();
    }

    /** Counts the lines a taker prints; the one that brings the total to {@code count} opens the latch. */
    private static void countLines(InputStream output, AtomicLong printed, long count, CountDownLatch all) {
        byte[] buffer = new byte[1 << 16];
        try (output) {
            for (int read = output.read(buffer); read >= 0; read = output.read(buffer)) {
                long lines = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (printed.addAndGet(lines) >= count) {
                    all.countDown();
                }
            }
        } catch (IOException closedWhenTheTakerWasStopped) {
            // the count so far stands
        }
    }

    private static void copyHead(Path from, Path to, long lines) throws IOException {
        try (var reader = Files.newBufferedReader(from, StandardCharsets.UTF_8);
                BufferedWriter writer = Files.newBufferedWriter(to, StandardCharsets.UTF_8)) {
            for (long line = 0; line < lines; line++) {
                writer.write(reader.readLine());
                writer.newLine();
            }
        }
    }

    private static BenchFailure failure(String what, Path errors) throws IOException {
        return new BenchFailure("journal-shell: " + what + " failed: "
                + Files.readString(errors, StandardCharsets.UTF_8).strip());
    }
}
