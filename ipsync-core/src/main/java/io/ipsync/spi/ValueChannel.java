package io.ipsync.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Storage of one latest value: the seam below {@link io.ipsync.JsonDataEvent}.
 *
 * <p>Readers only ever see a whole value: the one before a publish or the one after it. Each
 * {@link VersionedValue} pairs a value with that value's own version: one published value always
 * comes with the same version, so a listener that has seen it is not given it again.
 * Implementations are thread-safe.
 */
public interface ValueChannel extends Closeable {

    /**
     * Where the channel is, for log lines, error messages and metrics: what its transport's
     * {@link TransportProvider#location(io.ipsync.ChannelAddress)} gives for the address it was
     * opened at (a path; a server and a channel name), never secrets.
     */
    String location();

    /** Replaces the value; {@code json} is UTF-8 JSON text, empty for null. */
    void publish(byte[] json) throws IOException;

    /** The current value, or {@code null} while nothing was ever published. */
    VersionedValue latest() throws IOException;

    /**
     * Waits until the current value's version differs from {@code seen}, and returns that value.
     * Returns {@code null} when the timeout passes first, when {@link #wakeUpWaiters()} is called
     * while it waits, or as soon as {@code stopWaiting} holds (see {@link SignalChannel#awaitChange}).
     */
    VersionedValue awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException;

    /** Makes every {@link #awaitChange} in progress return promptly. */
    void wakeUpWaiters();
}
