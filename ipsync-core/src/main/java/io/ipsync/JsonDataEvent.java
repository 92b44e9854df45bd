package io.ipsync;

import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spi.UnreadableValueException;
import io.ipsync.spi.ValueChannel;
import io.ipsync.spi.Version;
import io.ipsync.spi.VersionedValue;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;

/**
 * The latest JSON value, shared by processes: one process {@link #signal(Object) publishes} a
 * value, listeners wake with the newest one. On the file transport, the default, the value is one
 * file, compatible with jk_interprocesssync's {@code JSONDataEvent}; other transports (Redis) are
 * opened by {@link ChannelAddress} and behave the same.
 *
 * <pre>{@code
 * try (JsonDataEvent settings = JsonDataEvent.open(Path.of("/dev/shm/shop/settings.json"))) {
 *     settings.signal(new ShopSettings("EUR", 25));          // in one process
 *     ShopSettings latest = settings.await(ShopSettings.class); // in another
 * }
 * }</pre>
 *
 * <h2>Delivery</h2>
 * Latest value wins: a listener wakes once per change it notices and reads the value current at
 * that moment; values replaced before it looked are never seen. It gets each value at most once,
 * and never one older than a value it already got. Readers never see a partial value and never
 * fail when a Python publisher briefly removes the file during its replace. Each
 * {@code JsonDataEvent} object is one listener with its own memory of the last value it saw (see
 * {@link Event} for the rules, which are the same). {@code null} is stored as an empty file, as
 * in the original; other values as their JSON text.
 *
 * <p>Thread-safe.
 */
public final class JsonDataEvent implements AutoCloseable {

    private final ValueChannel channel;

    private final JsonCodec codec;

    private final ListenerCursor cursor;

    private final long maxValueSize;

    private JsonDataEvent(ValueChannel channel, DataEventOptions options) throws IOException {
        this.channel = channel;
        this.maxValueSize = options.maxValueSize();
        this.codec = new JsonCodec(options.jsonMapper());
        this.cursor = new ListenerCursor("data event " + channel.location());
        if (!options.fireOnInit()) {
            cursor.markSeen(currentVersion());
        }
    }

    /** Opens the data event at {@code path} (absolute, or relative to the working directory) with default options. */
    public static JsonDataEvent open(Path path) {
        return open(path, DataEventOptions.DEFAULTS);
    }

    /**
     * Opens the data event at {@code path}. The file need not exist: a missing file is a value
     * never published.
     *
     * @throws IpsyncException naming the path when its directory cannot be created
     */
    public static JsonDataEvent open(Path path, DataEventOptions options, FileSettings settings) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(settings, "settings");
        return open(ChannelAddress.file(path, settings), options, FileTransport.INSTANCE);
    }

    /** Opens the data event at {@code path} with the file transport's default settings. */
    public static JsonDataEvent open(Path path, DataEventOptions options) {
        return open(path, options, FileSettings.DEFAULTS);
    }

    /** Opens the data event at an address of any installed transport, for example {@code redis://localhost:6379/settings}. */
    public static JsonDataEvent open(ChannelAddress address, DataEventOptions options) {
        Objects.requireNonNull(address, "address");
        return open(address, options, Transports.providerOf(address));
    }

    /** Opens the data event at an address through the given transport. */
    public static JsonDataEvent open(ChannelAddress address, DataEventOptions options, TransportProvider transport) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(transport, "transport");
        ValueChannel channel = null;
        try {
            channel = transport.openValue(address, options);
            return new JsonDataEvent(channel, options);
        } catch (IOException e) {
            Event.closeQuietly(channel);
            throw new IpsyncException("Cannot open the data event " + address.location() + ": " + e, e);
        }
    }

    /** Where the data event lives. */
    public String location() {
        return channel.location();
    }

    /**
     * Publishes a value (any object Jackson can write, or {@code null}); every listener wakes.
     *
     * @throws UnwritableValueException when the value cannot be written as JSON
     * @throws MessageTooLargeException when its JSON is larger than the data event's
     *     {@link DataEventOptions#maxValueSize() maximum value size}
     * @throws IpsyncException naming the file when it cannot be written
     */
    public void signal(Object value) {
        cursor.ensureOpen();
        byte[] json = codec.encode(value, "the data event " + location(), maxValueSize, "DataEventOptions.maxValueSize");
        try {
            channel.publish(json);
        } catch (IOException e) {
            throw new IpsyncException("Cannot publish to the data event " + location() + ": " + e, e);
        }
    }

    /**
     * The value now, without waiting and without counting as seen; empty while nothing was ever
     * published, and also for the instant a Python publisher has deleted the file and not yet
     * renamed the new one into place (ipsync publishers never leave such a gap).
     */
    public Optional<JsonPayload> latest() {
        cursor.ensureOpen();
        try {
            VersionedValue value = channel.latest();
            return value == null ? Optional.empty() : Optional.of(payload(value));
        } catch (IOException e) {
            throw new IpsyncException("Cannot read the data event " + location() + ": " + e, e);
        }
    }

    /**
     * Waits for a value not seen yet and returns it.
     *
     * @return the value, or empty when {@link #cancelWait()} or {@link #close()} ended the wait
     * @throws MalformedJsonException naming the file when the new value is not valid JSON (it
     *     counts as seen: the next wait waits for the next value)
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Optional<JsonPayload> await() throws InterruptedException {
        return await(Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * Waits for a value not seen yet, at most the timeout, and returns it.
     *
     * @return the value, or empty on timeout, {@link #cancelWait()} or {@link #close()}
     * @throws MalformedJsonException naming the file when the new value is not valid JSON
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Optional<JsonPayload> await(Duration timeout) throws InterruptedException {
        return cursor.await(timeout, channel::awaitChange, VersionedValue::version).map(this::payload);
    }

    /**
     * Waits for a value not seen yet and returns it as the given type ({@code null} for a null
     * value).
     *
     * @throws IllegalStateException when the wait was cancelled or the event closed
     * @throws MessageConversionException naming the file and the type when the value does not fit
     */
    public <T> T await(Class<T> type) throws InterruptedException {
        return awaitPayload().as(type);
    }

    /** As {@link #await(Class)}, for a generic type such as {@code new TypeReference<List<Price>>() {}}. */
    public <T> T await(TypeReference<T> type) throws InterruptedException {
        return awaitPayload().as(type);
    }

    private JsonPayload awaitPayload() throws InterruptedException {
        return await().orElseThrow(() -> new IllegalStateException("The wait on " + location() + " was cancelled"));
    }

    /** Ends every wait in progress on this object; they return empty. Later waits are not affected. */
    public void cancelWait() {
        cursor.cancel();
        channel.wakeUpWaiters();
    }

    /** Ends waits in progress and stops watching the file. The value stays in the file. */
    @Override
    public void close() {
        cursor.close();
        channel.wakeUpWaiters();
        Event.closeQuietly(channel);
    }

    private JsonPayload payload(VersionedValue value) {
        codec.validate(value.json(), "data event " + location());
        return new JsonPayload(value.json(), codec, location());
    }

    private Version currentVersion() throws IOException {
        try {
            VersionedValue value = channel.latest();
            return value == null ? null : value.version();
        } catch (UnreadableValueException e) {
            return e.version();
        }
    }

    @Override
    public String toString() {
        return "JsonDataEvent[" + location() + "]";
    }
}
