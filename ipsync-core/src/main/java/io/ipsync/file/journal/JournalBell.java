package io.ipsync.file.journal;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * How an idle consumer of a journal sleeps until a producer in any process rings, and how a
 * producer rings after a commit. One per channel, chosen by {@link JournalBells}: the
 * {@link SocketBell} everywhere, the futex bell on Java 22+ with native access.
 *
 * <p>The protocol every kind keeps: a sleeper announces itself in the meta file (its slot's bit),
 * then looks once more for work, then sleeps at most the given time; a producer, after its commit,
 * reads the announcements and wakes each sleeper it finds. Both sides' first step is an atomic
 * write and their second a volatile read, so at least one sees the other: a put committed before
 * the announcement is found by the second look, one committed after it rings. A producer rings
 * sleepers of every kind, so processes that chose different kinds wake each other.
 */
interface JournalBell extends AutoCloseable {

    /**
     * Sleeps until rung, woken by the in-JVM {@code inJvm} doorbell, or {@code nanos} pass.
     * Returns false, at once, when this channel cannot sleep here now (another of its threads
     * does): the caller then parks instead. An interrupted thread returns promptly with its
     * interrupt status set.
     *
     * @param workArrived looked at once the announcement is made; true ends the sleep before it began
     */
    boolean sleep(long nanos, BooleanSupplier workArrived, Doorbell inJvm) throws IOException;

    /** Wakes every sleeper in another process (those in this JVM hear the in-JVM doorbell); after a commit. */
    void ring();

    /** What kind of bell this is: {@code socket} or {@code futex}; for tests and diagnostics. */
    String kind();

    /** Ends the channel's use of the bell; a sleep in progress has ended before (the channel wakes it). */
    @Override
    void close();
}
