package io.ipsync;

import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.TransportProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * An auto-reset event shared by processes: one process {@link #signal() signals}, every process
 * waiting on the same event wakes. On the file transport, the default, the event is one file,
 * compatible with jk_interprocesssync's {@code Event}; other transports (Redis) are opened by
 * {@link ChannelAddress} and behave the same.
 *
 * <pre>{@code
 * try (Event reload = Event.open(Path.of("/dev/shm/shop/reload.event"))) {
 *     while (reload.await()) {
 *         reloadSettings();
 *     }
 * }
 * }</pre>
 *
 * <h2>Delivery</h2>
 * Each {@code Event} object is one listener with its own memory of the last signal it saw:
 * {@link #await()} returns once a signal was made after the previous wake-up (or, with
 * {@link EventOptions#fireOnInit() fire on init}, if the file already exists when the first wait
 * begins). Signals made while nobody waited, or several in a row, coalesce into one wake-up; no
 * signal is ever lost, also where the file system's clock is coarse. To have several listeners in
 * one process, open one {@code Event} per listener: each sees every signal (broadcast). Threads
 * waiting on the same object share its memory: one of them wakes per signal.
 *
 * <p>On files, wake-ups come from file-system notifications, typically within a millisecond, and
 * at the latest after {@link FileSettings#pollInterval() the poll interval}.
 *
 * <p>Thread-safe.
 */
public final class Event implements AutoCloseable {

    private final SignalChannel channel;

    private final ListenerCursor cursor;

    private Event(SignalChannel channel, EventOptions options) throws IOException {
        this.channel = channel;
        this.cursor = new ListenerCursor("event " + channel.location());
        if (!options.fireOnInit()) {
            cursor.markSeen(channel.latest());
        }
    }

    /** Opens the event at {@code path} (absolute, or relative to the working directory) with default options. */
    public static Event open(Path path) {
        return open(path, EventOptions.DEFAULTS);
    }

    /** Opens the event at {@code path} with the file transport's default settings. */
    public static Event open(Path path, EventOptions options) {
        return open(path, options, FileSettings.DEFAULTS);
    }

    /**
     * Opens the event at {@code path}. The file need not exist: a missing file is an event never
     * signalled.
     *
     * @throws IpsyncException naming the path when its directory cannot be created or watched
     */
    public static Event open(Path path, EventOptions options, FileSettings settings) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(settings, "settings");
        return open(ChannelAddress.file(path, settings), options, FileTransport.INSTANCE);
    }

    /** Opens the event at an address of any installed transport, for example {@code redis://localhost:6379/reload}. */
    public static Event open(ChannelAddress address, EventOptions options) {
        Objects.requireNonNull(address, "address");
        return open(address, options, Transports.providerOf(address));
    }

    /** Opens the event at an address through the given transport. */
    public static Event open(ChannelAddress address, EventOptions options, TransportProvider transport) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(transport, "transport");
        SignalChannel channel = null;
        try {
            channel = transport.openSignal(address, options);
            return new Event(channel, options);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IpsyncException("Cannot open the event " + address.location() + ": " + e, e);
        }
    }

    /** Where the event lives. */
    public String location() {
        return channel.location();
    }

    /**
     * Signals the event: every listener, in this process or another, wakes once.
     *
     * @throws IpsyncException naming the file when it cannot be written
     */
    public void signal() {
        cursor.ensureOpen();
        try {
            channel.signal();
        } catch (IOException e) {
            throw new IpsyncException("Cannot signal the event " + location() + ": " + e, e);
        }
    }

    /**
     * Waits until the event is signalled.
     *
     * @return {@code true} when signalled; {@code false} when {@link #cancelWait()} or
     *     {@link #close()} ended the wait
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await() throws InterruptedException {
        return await(Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * Waits until the event is signalled or the timeout passes.
     *
     * @return {@code true} when signalled; {@code false} on timeout, {@link #cancelWait()} or
     *     {@link #close()}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return cursor.await(timeout, channel::awaitChange, version -> version).isPresent();
    }

    /**
     * Ends every wait in progress on this object: those {@link #await} calls return
     * {@code false}. Waits that begin afterwards are not affected. Callable from any thread, as
     * the original's {@code cancelWait()}.
     */
    public void cancelWait() {
        cursor.cancel();
        channel.wakeUpWaiters();
    }

    /** Ends waits in progress and stops watching the file. Signals already made stay in the file. */
    @Override
    public void close() {
        cursor.close();
        channel.wakeUpWaiters();
        closeQuietly(channel);
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing what failed to open; the original failure is reported
            }
        }
    }

    @Override
    public String toString() {
        return "Event[" + location() + "]";
    }
}
