package io.ipsync.spring.actuate;

import io.ipsync.QueueStats;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The counters of each queue, read at most once per time to live and shared by whoever asks: the
 * health indicator, the depth and age gauges and the {@code ipsync} endpoint. Reading a queue's
 * counters lists its directory (on files) or asks its server, so a backlog of a million messages
 * would cost a million directory entries on every scrape; with this cache, a scrape within the
 * time to live of the last reading costs nothing.
 *
 * <p>A reading that fails (a server that cannot be reached) is not kept: the next caller reads
 * again and sees the failure, or the recovery, itself. Callers that change a queue through the
 * application (re-driving or purging dead letters) {@link #invalidate} it, so that they see their
 * own change at once. Counters may be as old as the time to live otherwise; a time to live of zero
 * reads every time.
 *
 * <p>Thread-safe. Callers that find a queue's counters stale at the same time wait for one reading
 * instead of each making their own; different queues are read independently.
 */
public final class QueueStatsCache {

    /** How long a reading is used by default: short enough for alerts, long enough to share a scrape. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(1);

    private final Function<String, QueueStats> reader;

    private final long timeToLiveNanos;

    private final LongSupplier nanoTime;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param reader reads a queue's counters now, by the queue's channel name
     * @param timeToLive how long a reading is used; zero reads every time
     */
    public QueueStatsCache(Function<String, QueueStats> reader, Duration timeToLive) {
        this(reader, timeToLive, System::nanoTime);
    }

    QueueStatsCache(Function<String, QueueStats> reader, Duration timeToLive, LongSupplier nanoTime) {
        this.reader = Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("The time to live of queue counters must not be negative but was "
                    + timeToLive);
        }
        this.timeToLiveNanos = timeToLive.toNanos();
        this.nanoTime = nanoTime;
    }

    /** How long a reading is used. */
    public Duration timeToLive() {
        return Duration.ofNanos(timeToLiveNanos);
    }

    /**
     * The counters of the queue, as last read if that was within the time to live, read now
     * otherwise.
     *
     * @param queue the queue's channel name
     * @throws io.ipsync.IpsyncException when they cannot be read now (nothing is kept then)
     */
    public QueueStats get(String queue) {
        Entry entry = entries.computeIfAbsent(queue, name -> new Entry());
        Reading reading = entry.reading;
        if (reading != null && isFresh(reading)) {
            return reading.stats;
        }
        synchronized (entry) {
            // Another caller may have read while this one waited for the monitor.
            reading = entry.reading;
            if (reading != null && isFresh(reading)) {
                return reading.stats;
            }
            QueueStats stats = reader.apply(queue);
            entry.reading = new Reading(stats, nanoTime.getAsLong());
            return stats;
        }
    }

    /** Forgets the queue's last reading: the next {@link #get} reads it again. */
    public void invalidate(String queue) {
        Entry entry = entries.get(queue);
        if (entry != null) {
            synchronized (entry) {
                entry.reading = null;
            }
        }
    }

    private boolean isFresh(Reading reading) {
        return nanoTime.getAsLong() - reading.readAtNanos < timeToLiveNanos;
    }

    /** One queue's slot; its monitor makes concurrent readers of a stale reading wait for one. */
    private static final class Entry {

        /** Written under the monitor, read without it. */
        volatile Reading reading;
    }

    private record Reading(QueueStats stats, long readAtNanos) {
    }

    @Override
    public String toString() {
        return "QueueStatsCache[timeToLive=" + timeToLive() + ", queues=" + entries.keySet() + "]";
    }
}
