package io.ipsync;

import io.ipsync.file.FileSignalChannel;
import io.ipsync.spi.SignalChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * An auto-reset event shared by processes through one file, compatible with
 * jk_interprocesssync's {@code Event}: one process {@link #signal() signals}, every process
 * waiting on the same file wakes.
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
 * <p>Wake-ups come from file-system notifications, typically within a millisecond, and at the
 * latest after {@link EventOptions#pollInterval() the poll interval}.
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

    /**
     * Opens the event at {@code path}. The file need not exist: a missing file is an event never
     * signalled.
     *
     * @throws IpsyncException naming the path when its directory cannot be created or watched
     */
    public static Event open(Path path, EventOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        SignalChannel channel = null;
        try {
            channel = FileSignalChannel.open(path, options.pollInterval(), options.createDirectory(), options.sharing(),
                    options.syncWrites());
            return new Event(channel, options);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IpsyncException("Cannot open the event " + path.toAbsolutePath() + ": " + e, e);
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
