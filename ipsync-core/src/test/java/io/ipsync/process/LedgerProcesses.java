package io.ipsync.process;

import io.ipsync.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The producer ({@link LedgerProducerMain}) and consumer ({@link LedgerConsumerMain}) processes of a
 * fault-injection run on one queue, each writing its ledger into one folder. A process the test
 * kills is replaced by a new incarnation ({@code P0.1}, then {@code P0.2}...), which writes a
 * ledger of its own; {@link #ledgers()} reads them all with the incarnations killed.
 *
 * <p>Not thread-safe: driven by the test's thread. {@link #close()} kills whatever still runs.
 */
public final class LedgerProcesses implements AutoCloseable {

    private final String queueAddress;

    private final Path ledgerDir;

    private final Duration hardTimeout;

    private final List<Slot> slots = new ArrayList<>();

    private final Set<String> killed = new HashSet<>();

    private int producerKills;

    private int consumerKills;

    /**
     * @param queueAddress the queue, as the children take it: a directory or a URI
     * @param ledgerDir an empty folder for the ledgers
     * @param hardTimeout how long each child lives at most
     */
    public LedgerProcesses(String queueAddress, Path ledgerDir, Duration hardTimeout) {
        this.queueAddress = queueAddress;
        this.ledgerDir = ledgerDir;
        this.hardTimeout = hardTimeout;
    }

    /** Starts producers {@code P<n>} with the given options ({@code --maxPauseMicros=...}). */
    public void startProducers(int count, String... options) {
        start(count, true, options);
    }

    /** Starts consumers {@code C<n>} with the given options ({@code --reclaimInterval=...}). */
    public void startConsumers(int count, String... options) {
        start(count, false, options);
    }

    /** The producers' current incarnations. */
    public List<ChildJvm> producers() {
        return slots.stream().filter(slot -> slot.producer).map(slot -> slot.child).toList();
    }

    /** The consumers' current incarnations. */
    public List<ChildJvm> consumers() {
        return slots.stream().filter(slot -> !slot.producer).map(slot -> slot.child).toList();
    }

    /** Waits until every current incarnation reported {@code ready}. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        for (Slot slot : slots) {
            slot.awaitReady(timeout);
        }
    }

    /**
     * Kills one process at work with SIGKILL and starts its replacement: one that reported
     * {@code ready} (any, waited for, when none did yet), at a random moment up to
     * {@code maxDelayMillis} after the choice.
     *
     * @return the incarnation killed
     */
    public String killOneAtRandom(Random random, int maxDelayMillis, Duration timeout) throws InterruptedException {
        List<Slot> working = slots.stream().filter(Slot::isWorking).toList();
        Slot victim = working.isEmpty() ? slots.get(random.nextInt(slots.size())) : working.get(random.nextInt(working.size()));
        victim.awaitReady(timeout);
        // A delay that picks the moment of the kill, not a synchronisation: whatever the victim is
        // doing then is what is being tested.
        Thread.sleep(random.nextInt(maxDelayMillis));
        String incarnation = victim.incarnation();
        victim.child.kill();
        killed.add(incarnation);
        if (victim.producer) {
            producerKills++;
        } else {
            consumerKills++;
        }
        victim.start();
        return incarnation;
    }

    public int producerKills() {
        return producerKills;
    }

    public int consumerKills() {
        return consumerKills;
    }

    /** Tells the producers to stop and waits until they exited normally. */
    public void stopProducers(Duration timeout) throws InterruptedException {
        for (ChildJvm producer : producers()) {
            producer.send("stop");
        }
        for (ChildJvm producer : producers()) {
            producer.awaitSuccess(timeout);
        }
    }

    /**
     * Tells the consumers to drain the queue (each stops at its first poll that finds nothing) and
     * waits until they exited normally.
     */
    public void drainConsumers(Duration timeout) throws InterruptedException {
        drainConsumers(timeout, () -> "");
    }

    /**
     * As {@link #drainConsumers(Duration)}; when a consumer does not finish within the timeout, the
     * failure shows, beside what it printed, how far each consumer's ledger got, the thread dump
     * of every consumer still running, and {@code queueState} (what the queue holds then).
     */
    public void drainConsumers(Duration timeout, Supplier<String> queueState) throws InterruptedException {
        sendDrain(timeout);
        for (ChildJvm consumer : consumers()) {
            try {
                consumer.awaitSuccess(timeout);
            } catch (AssertionError stalled) {
                throw stalledDrain(stalled.getMessage(), stalled, queueState);
            }
        }
    }

    /**
     * Tells the consumers to drain the queue and waits until they exited normally, for as long as
     * they make progress: a backlog takes the time it takes, but a drain in which no consumer's
     * ledger grew for {@code stallTimeout}, or that takes longer than {@code totalTimeout} in all,
     * fails, with what {@link #drainConsumers(Duration, Supplier)} shows.
     */
    public void drainConsumers(Duration stallTimeout, Duration totalTimeout, Supplier<String> queueState)
            throws InterruptedException {
        sendDrain(stallTimeout);
        long start = System.nanoTime();
        long progress = ledgerBytes();
        long progressAt = start;
        for (ChildJvm consumer : consumers()) {
            // a bounded wait for the exit, one second at a time, between looks at the ledgers
            while (!consumer.exitsWithin(Duration.ofSeconds(1))) {
                long now = System.nanoTime();
                long bytes = ledgerBytes();
                if (bytes != progress) {
                    progress = bytes;
                    progressAt = now;
                } else if (now - progressAt > stallTimeout.toNanos()) {
                    throw stalledDrain("Child JVM " + consumer.name() + " did not finish draining, and no consumer's ledger"
                            + " grew for " + stallTimeout, null, queueState);
                }
                if (now - start > totalTimeout.toNanos()) {
                    throw stalledDrain("Child JVM " + consumer.name() + " did not finish draining within " + totalTimeout
                            + " in all, though the consumers' ledgers still grew", null, queueState);
                }
            }
            consumer.awaitSuccess(stallTimeout);
        }
    }

    private void sendDrain(Duration readyTimeout) throws InterruptedException {
        for (Slot slot : slots) {
            if (!slot.producer) {
                slot.awaitReady(readyTimeout);
                slot.child.send("drain");
            }
        }
    }

    /** The bytes the consumers' current ledgers hold: they grow with every message begun, handled and done. */
    private long ledgerBytes() {
        long bytes = 0;
        for (Slot slot : slots) {
            if (!slot.producer) {
                Path ledger = ledgerDir.resolve(slot.incarnation());
                try {
                    bytes += Files.size(ledger);
                } catch (IOException notYetCreated) {
                    // adds nothing
                }
            }
        }
        return bytes;
    }

    private AssertionError stalledDrain(String what, AssertionError stalled, Supplier<String> queueState)
            throws InterruptedException {
        StringBuilder text = new StringBuilder(String.valueOf(what));
        text.append("\nThe queue then: ").append(describe(queueState));
        for (Slot slot : slots) {
            if (!slot.producer) {
                text.append("\n").append(slot.incarnation()).append(": ").append(slot.child.isAlive() ? "running" : "exited")
                        .append(", ledger ").append(ledgerProgress(ledgerDir.resolve(slot.incarnation())))
                        .append(", last printed ").append(lastOf(slot.child.lines()));
            }
        }
        for (Slot slot : slots) {
            if (!slot.producer && slot.child.isAlive()) {
                text.append("\n\n").append(slot.child.threadDump(Duration.ofSeconds(30)));
            }
        }
        AssertionError failure = new AssertionError(text.toString(), stalled);
        System.out.println(text); // in the test's output file too, where long runs are read
        return failure;
    }

    private static List<String> lastOf(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 3), lines.size());
    }

    private static String describe(Supplier<String> queueState) {
        try {
            return queueState.get();
        } catch (RuntimeException e) {
            return "(cannot be described: " + e + ")";
        }
    }

    /** How many lines of each kind ({@code begin}, {@code done}...) a ledger holds, and its last line. */
    private static String ledgerProgress(Path ledger) {
        try {
            List<String> lines = LedgerFile.read(ledger);
            Map<String, Long> kinds = new TreeMap<>();
            for (String line : lines) {
                kinds.merge(line.split(" ", 2)[0], 1L, Long::sum);
            }
            return kinds + (lines.isEmpty() ? "" : ", last \"" + lines.get(lines.size() - 1) + "\"");
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Every ledger written so far; read once all processes are gone. */
    public FaultLedgers ledgers() throws IOException {
        return FaultLedgers.read(ledgerDir, killed);
    }

    @Override
    public void close() {
        for (Slot slot : slots) {
            slot.child.close();
        }
    }

    private void start(int count, boolean producer, String... options) {
        int first = (int) slots.stream().filter(slot -> slot.producer == producer).count();
        for (int i = first; i < first + count; i++) {
            Slot slot = new Slot((producer ? "P" : "C") + i, producer, List.of(options));
            slots.add(slot);
            slot.start();
        }
    }

    /** One producer or consumer, restarted under a new incarnation name after each kill. */
    private final class Slot {

        final String name;

        final boolean producer;

        final List<String> options;

        int incarnations;

        ChildJvm child;

        Slot(String name, boolean producer, List<String> options) {
            this.name = name;
            this.producer = producer;
            this.options = options;
        }

        boolean isWorking() {
            return !child.linesStartingWith("ready ").isEmpty();
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            if (!isWorking()) {
                child.awaitLineStartingWith("ready ", timeout);
            }
        }

        String incarnation() {
            return name + "." + incarnations;
        }

        void start() {
            incarnations++;
            List<String> args = new ArrayList<>(List.of(queueAddress, ledgerDir.resolve(incarnation()).toString()));
            if (producer) {
                args.add("--name=" + incarnation());
            }
            args.addAll(options);
            child = ChildJvm.start(incarnation(), hardTimeout, producer ? LedgerProducerMain.class : LedgerConsumerMain.class,
                    args.toArray(String[]::new));
        }
    }
}
