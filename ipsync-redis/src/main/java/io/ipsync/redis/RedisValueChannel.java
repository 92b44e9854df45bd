package io.ipsync.redis;

import io.ipsync.spi.UnreadableValueException;
import io.ipsync.spi.ValueChannel;
import io.ipsync.spi.Version;
import io.ipsync.spi.VersionedValue;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A data event as a stream that keeps its latest value only, {@code {<prefix><name>}:value}: a
 * publish is {@code XADD <key> MAXLEN 1 * p <json>} (UTF-8 JSON, empty for null), its version the
 * new entry's id. A reader gets the whole entry or none, so it never sees a partial value. See
 * {@link LatestEntryStream} for how listeners wait.
 *
 * <p>Thread-safe.
 */
public final class RedisValueChannel implements ValueChannel {

    private static final byte[] PAYLOAD = MessageFields.PAYLOAD.getBytes(StandardCharsets.UTF_8);

    private final String location;

    private final LatestEntryStream stream;

    private final long maxValueSize;

    private final Runnable onClose;

    private volatile boolean closed;

    RedisValueChannel(String location, ServerCalls calls, ChannelKeys keys, long maxValueSize, Runnable onClose) {
        this.location = location;
        this.stream = new LatestEntryStream(calls, keys.value(), "value");
        this.maxValueSize = maxValueSize;
        this.onClose = onClose;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void publish(byte[] json) throws IOException {
        ensureOpen();
        stream.append(PAYLOAD, json);
    }

    @Override
    public VersionedValue latest() throws IOException {
        ensureOpen();
        StreamMessage<byte[], byte[]> latest = stream.latest();
        return latest == null ? null : value(latest);
    }

    @Override
    public VersionedValue awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException {
        ensureOpen();
        StreamMessage<byte[], byte[]> change = stream.awaitChange(seen == null ? null : seen.value(), timeoutNanos,
                () -> closed || stopWaiting.getAsBoolean());
        return change == null ? null : value(change);
    }

    /**
     * The value of an entry, checked.
     *
     * @throws UnreadableValueException with the entry's version when it has no payload field or
     *     the value is larger than the maximum value size
     */
    private VersionedValue value(StreamMessage<byte[], byte[]> entry) throws UnreadableValueException {
        Version version = new Version(entry.getId());
        byte[] json = null;
        for (Map.Entry<byte[], byte[]> field : entry.getBody().entrySet()) {
            if (Arrays.equals(field.getKey(), PAYLOAD)) {
                json = field.getValue() == null ? new byte[0] : field.getValue();
            }
        }
        if (json == null) {
            throw new UnreadableValueException("The value " + entry.getId() + " of " + location + " has no payload field '"
                    + MessageFields.PAYLOAD + "'", version, null);
        }
        if (json.length > maxValueSize) {
            throw new UnreadableValueException("The value " + entry.getId() + " of " + location + " has " + json.length
                    + " bytes, more than the maximum of " + maxValueSize + " (DataEventOptions.maxValueSize)", version, null);
        }
        return new VersionedValue(version, json);
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
            throw new IOException("The data event " + location + " is closed");
        }
    }

    @Override
    public String toString() {
        return "RedisValueChannel[" + location + "]";
    }
}
