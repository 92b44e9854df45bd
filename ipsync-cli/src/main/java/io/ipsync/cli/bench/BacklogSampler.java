package io.ipsync.cli.bench;

import io.ipsync.JsonDataQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches how many messages wait in a queue while a scenario runs, with
 * {@link JsonDataQueue#size()} from the bench's own process (which never consumes, so it leaves
 * no trace in the queue), and remembers the largest count seen.
 *
 * <p>On files each look lists the directory: a cost the bench adds beside the producer and the
 * consumer, small while the backlog is small but tens of milliseconds once it holds tens of
 * thousands (on Redis, one round trip: {@code stats.lua}). So
 * looks are {@link #INTERVAL} apart, or farther: after a look that took {@code d}, the next
 * comes {@code 50 d} later, which keeps the sampler under about 2% of one core.
 */
final class BacklogSampler implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(100);

    /** How many times a look's own duration passes before the next look. */
    private static final int SPACING_FACTOR = 50;

    private final JsonDataQueue queue;

    private final AtomicLong largest = new AtomicLong();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-backlog-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private BacklogSampler(BenchQueue queue) {
        this.queue = queue.openToLook();
        timer.execute(this::sample);
    }

    static BacklogSampler start(BenchQueue queue) {
        return new BacklogSampler(queue);
    }

    private void sample() {
        long start = System.nanoTime();
        largest.accumulateAndGet(queue.size(), Math::max);
        long took = System.nanoTime() - start;
        if (!timer.isShutdown()) {
            timer.schedule(this::sample, Math.max(INTERVAL.toNanos(), SPACING_FACTOR * took), TimeUnit.NANOSECONDS);
        }
    }

    /** The largest number of waiting messages seen so far. */
    long largest() {
        return largest.get();
    }

    /** Stops sampling (waiting a bound for a look in progress; an interrupt is kept). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
    }
}
