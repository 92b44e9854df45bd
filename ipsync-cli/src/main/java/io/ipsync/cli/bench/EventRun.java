package io.ipsync.cli.bench;

import io.ipsync.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Scenario 6: how soon an {@link Event} listener in another process wakes after a signal. The
 * bench signals, taking its clock reading just before {@code signal()}; the listener child reads
 * its clock as {@code await} returns and tells the bench. The next signal follows the wake-up
 * after a pause, so every wake-up answers exactly one signal. Five times as many signals, sent
 * without the pause, go first as a warm-up.
 */
final class EventRun implements ScenarioRun {

    /**
     * Warm-up signals per measured one, sent without pause (each after the previous wake-up): enough
     * for the JIT compilers of both processes to compile the signal and the wait.
     */
    private static final int WARMUP_SIGNALS_PER_SIGNAL = 5;

    /** Longer than the default poll interval (1 s): a wake-up that missed its notification still comes. */
    private static final Duration LONGEST_WAKE = Duration.ofSeconds(5);

    @Override
    public void run(BenchContext context) throws Exception {
        int signals = context.plan().eventSignals();
        int warmup = signals * WARMUP_SIGNALS_PER_SIGNAL;
        Path folder = context.workspace().newFolder("event");
        Path file = folder.resolve("bench.event");
        context.say("event: %,d signals without pause to warm up, then %d, %d ms apart, to a listener in another process",
                warmup, signals, context.plan().eventSpacing().toMillis());
        LatencyRecorder latencies = new LatencyRecorder();
        int unanswered = 0;
        try (ChildJvm listener = ChildJvm.start("event listener", ListenerRole.NAME, file, Map.of());
                Event event = Event.open(file)) {
            listener.await("ready", Duration.ofMinutes(2));
            for (int i = 0; i < warmup + signals; i++) {
                long signalledAt = EpochNanos.now();
                event.signal();
                OptionalLong wokeAt = wakeUpAfter(listener, signalledAt);
                if (wokeAt.isEmpty()) {
                    unanswered++;
                } else if (i >= warmup) {
                    latencies.record(wokeAt.getAsLong() - signalledAt);
                }
                if (i >= warmup) {
                    Thread.sleep(context.plan().eventSpacing().toMillis());
                }
            }
        }
        LatencyFigures.add(context, Scenario.EVENT, "", "signal to wake-up: ", latencies.summary(), "≤ 1 ms", "≤ 5 ms");
        if (unanswered > 0) {
            context.add(Figure.of(Scenario.EVENT, "unanswered", "signals with no wake-up within "
                    + LONGEST_WAKE.toSeconds() + " s", unanswered, "signals"));
        }
        context.workspace().remove(folder);
    }

    /**
     * The time of the listener's first wake-up at or after {@code signalledAt}: a wake-up reported
     * late for an earlier signal (one counted as unanswered on a busy machine) is skipped, not taken
     * for this signal's.
     */
    private static OptionalLong wakeUpAfter(ChildJvm listener, long signalledAt) throws InterruptedException {
        long deadline = System.nanoTime() + LONGEST_WAKE.toNanos();
        while (true) {
            Optional<String> woke = listener.poll("woke", Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (woke.isEmpty()) {
                return OptionalLong.empty();
            }
            long wokeAt = Long.parseLong(woke.get());
            if (wokeAt >= signalledAt) {
                return OptionalLong.of(wokeAt);
            }
        }
    }
}
