package io.ipsync.redis;

import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.Version;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * An event as a stream that keeps its latest signal only, {@code {<prefix><name>}:event}: a signal
 * is {@code XADD <key> MAXLEN 1 * s ""} (the fields are ignored by readers), its version the new
 * entry's id. See {@link LatestEntryStream} for how listeners wait.
 *
 * <p>Thread-safe.
 */
public final class RedisSignalChannel implements SignalChannel {

    private static final Object[] SIGNAL = {"s".getBytes(StandardCharsets.UTF_8), new byte[0]};

    private final String location;

    private final LatestEntryStream stream;

    private final Runnable onClose;

    private volatile boolean closed;

    RedisSignalChannel(String location, ServerCalls calls, ChannelKeys keys, Runnable onClose) {
        this.location = location;
        this.stream = new LatestEntryStream(calls, keys.event(), "signal");
        this.onClose = onClose;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void signal() throws IOException {
        ensureOpen();
        stream.append(SIGNAL);
    }

    @Override
    public Version latest() throws IOException {
        ensureOpen();
        StreamMessage<byte[], byte[]> latest = stream.latest();
        return latest == null ? null : new Version(latest.getId());
    }

    @Override
    public Version awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException {
        ensureOpen();
        StreamMessage<byte[], byte[]> change = stream.awaitChange(seen == null ? null : seen.value(), timeoutNanos,
                () -> closed || stopWaiting.getAsBoolean());
        return change == null ? null : new Version(change.getId());
    }

    @Override
    public void wakeUpWaiters() {
        stream.wakeUpWaiters();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stream.wakeUpWaiters();
            onClose.run();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The event " + location + " is closed");
        }
    }

    @Override
    public String toString() {
        return "RedisSignalChannel[" + location + "]";
    }
}
