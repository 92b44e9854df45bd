package io.ipsync.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Storage of one auto-reset, broadcast signal: the seam below {@link io.ipsync.Event}.
 *
 * <p>Implementations are thread-safe. Each listener keeps its own last seen {@link Version}, so
 * every listener, in this process or another, sees every signal made after its last wake-up;
 * several signals between two looks coalesce into one change.
 */
public interface SignalChannel extends Closeable {

    /**
     * Where the channel is, for log lines, error messages and metrics: what its transport's
     * {@link TransportProvider#location(io.ipsync.ChannelAddress)} gives for the address it was
     * opened at (a path; a server and a channel name), never secrets.
     */
    String location();

    /**
     * Signals: after this returns, {@link #latest()} returns a version different from every
     * version returned before.
     */
    void signal() throws IOException;

    /** The current version, or {@code null} while nothing was ever signalled. */
    Version latest() throws IOException;

    /**
     * Waits until the current version is non-null and differs from {@code seen}, and returns it.
     * Returns {@code null} when the timeout passes first, when {@link #wakeUpWaiters()} is called
     * while it waits, or as soon as {@code stopWaiting} holds.
     *
     * @param seen the version the caller saw last, or {@code null} for none
     * @param timeoutNanos the longest time to wait; zero or less checks once
     * @param stopWaiting asked before each wait and after each wake-up: the caller's own reason
     *     to stop (a cancel it follows with {@link #wakeUpWaiters()}), so that a wake-up that
     *     comes before this call began still ends it
     */
    Version awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException;

    /** Makes every {@link #awaitChange} in progress return promptly. */
    void wakeUpWaiters();
}
