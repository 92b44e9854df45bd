package io.ipsync.file;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One inotify instance and the eventfd that wakes the thread blocked on it, with the native memory
 * their reader uses; owned by an {@link InotifySource} while it watches anything.
 *
 * <p>The file descriptors are closed by the last of {@link #requestClose()} and the users
 * ({@link #enter()}/{@link #exit()}) that were inside at the time: never while a thread may still
 * poll, read or write them, since a descriptor number closed under a thread can be reused by an
 * unrelated file before that thread uses it. A close requested while the reader blocks in
 * {@code poll(2)} wakes it through the eventfd.
 *
 * <p>Reading ({@link #await}, {@link #read}) is for one thread at a time (the leader, see
 * {@link DirectoryWatcher}); {@link #wake()}, {@link #addWatch} and {@link #removeWatch} may be
 * called from any thread (the last two under the source's lock).
 */
final class InotifyDescriptors {

    /** Returned by {@link #await}: the inotify descriptor has notifications to read. */
    static final int NOTIFICATIONS = 1;

    /** Returned by {@link #await}: the eventfd was written to ({@link #wake()}) since the last await. */
    static final int WOKEN = 2;

    /** Room for a few hundred notifications with names of 255 bytes, or over a thousand of ipsync's. */
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Arena arena = Arena.ofShared();

    private final int inotifyFd;

    private final int eventFd;

    /** Two {@code struct pollfd}: the inotify descriptor, then the eventfd. For the reader only. */
    private final MemorySegment pollFds;

    /** What {@link #read} fills. For the reader only. */
    private final MemorySegment buffer;

    /** {@code errno} of the reader's calls. */
    private final MemorySegment readerErrno;

    /** The 8 bytes an eventfd is read into, for the reader only; and the value 1 that {@link #wake()} writes. */
    private final MemorySegment drained;

    private final MemorySegment one;

    private final Object lock = new Object();

    /** Threads between {@link #enter()} and {@link #exit()}; guarded by {@link #lock}. */
    private int users;

    /** Guarded by {@link #lock}. */
    private boolean closeRequested;

    /** Guarded by {@link #lock}: the descriptors are closed and the memory freed. */
    private boolean closed;

    private InotifyDescriptors(int inotifyFd, int eventFd) {
        this.inotifyFd = inotifyFd;
        this.eventFd = eventFd;
        this.pollFds = arena.allocate(2L * Inotify.POLLFD_BYTES, 8);
        pollFds.set(JAVA_INT, 0, inotifyFd);
        pollFds.set(JAVA_SHORT, 4, Inotify.POLLIN);
        pollFds.set(JAVA_INT, Inotify.POLLFD_BYTES, eventFd);
        pollFds.set(JAVA_SHORT, Inotify.POLLFD_BYTES + 4, Inotify.POLLIN);
        this.buffer = arena.allocate(BUFFER_BYTES, 16);
        this.readerErrno = Inotify.errnoSegment(arena);
        this.drained = arena.allocate(JAVA_LONG);
        this.one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
    }

    /** A new inotify instance and eventfd, both non-blocking and closed on exec. */
    static InotifyDescriptors open() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Inotify.errnoSegment(call);
            int inotify = Inotify.inotifyInit1(errno, Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
            if (inotify < 0) {
                throw Inotify.failure("inotify_init1", Inotify.errno(errno));
            }
            int event = Inotify.eventfd(errno, 0, Inotify.EFD_NONBLOCK | Inotify.EFD_CLOEXEC);
            if (event < 0) {
                IOException failure = Inotify.failure("eventfd", Inotify.errno(errno));
                Inotify.close(errno, inotify);
                throw failure;
            }
            return new InotifyDescriptors(inotify, event);
        }
    }

    /**
     * Begins a use of the descriptors.
     *
     * @return {@code false} when they are closed or about to be: do not use them, and do not
     *     call {@link #exit()}
     */
    boolean enter() {
        synchronized (lock) {
            if (closeRequested) {
                return false;
            }
            users++;
            return true;
        }
    }

    /** Ends a use begun by an {@link #enter()} that returned {@code true}; the last user out of closed descriptors closes them. */
    void exit() {
        synchronized (lock) {
            users--;
            closeIfRequestedAndUnused();
        }
    }

    /** Closes the descriptors now if nobody uses them, or else when the last user exits (waking the reader). */
    void requestClose() {
        boolean wakeReader;
        synchronized (lock) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            wakeReader = users > 0;
            if (wakeReader) {
                // Inside the lock, so the descriptors are still open: users cannot exit meanwhile.
                writeOne();
            }
            closeIfRequestedAndUnused();
        }
    }

    /** Whether a close was requested: a reader that {@link #await}s should stop. */
    boolean isClosing() {
        synchronized (lock) {
            return closeRequested;
        }
    }

    /** Holds {@link #lock}. */
    private void closeIfRequestedAndUnused() {
        if (closeRequested && users == 0 && !closed) {
            closed = true;
            MemorySegment errno = readerErrno;
            Inotify.close(errno, inotifyFd);
            Inotify.close(errno, eventFd);
            arena.close();
        }
    }

    /**
     * Watches {@code directory} for what {@code mask} names, adding to what its watch reports
     * already if it is watched ({@code IN_MASK_ADD}). Between {@link #enter()} and {@link #exit()}.
     *
     * @return the watch descriptor: the same for the same directory (the same inode, by whatever path)
     */
    int addWatch(Path directory, int mask) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Inotify.errnoSegment(call);
            int wd = Inotify.inotifyAddWatch(errno, inotifyFd, call.allocateFrom(directory.toString()),
                    mask | Inotify.IN_MASK_ADD | Inotify.IN_ONLYDIR | Inotify.IN_EXCL_UNLINK);
            if (wd < 0) {
                throw Inotify.failure("inotify_add_watch " + directory, Inotify.errno(errno));
            }
            return wd;
        }
    }

    /** Stops watching; an {@code IN_IGNORED} for {@code wd} follows. Failures (the watch is gone already) are ignored. */
    void removeWatch(int wd) {
        try (Arena call = Arena.ofConfined()) {
            Inotify.inotifyRmWatch(Inotify.errnoSegment(call), inotifyFd, wd);
        }
    }

    /**
     * Blocks in {@code poll(2)} until there are notifications, {@link #wake()} was called, a
     * signal came ({@code EINTR}) or {@code timeoutMillis} passed. A thread blocked here does not
     * hear {@link Thread#interrupt()}: keep the timeout short.
     *
     * @return {@link #NOTIFICATIONS} and/or {@link #WOKEN} (bits), or 0
     */
    int await(int timeoutMillis) throws IOException {
        pollFds.set(JAVA_SHORT, 6, (short) 0);
        pollFds.set(JAVA_SHORT, Inotify.POLLFD_BYTES + 6, (short) 0);
        int ready = Inotify.poll(readerErrno, pollFds, 2, timeoutMillis);
        if (ready < 0) {
            int errno = Inotify.errno(readerErrno);
            if (errno == Inotify.EINTR) {
                return 0;
            }
            throw Inotify.failure("poll", errno);
        }
        int result = 0;
        if (pollFds.get(JAVA_SHORT, 6) != 0) {
            result |= NOTIFICATIONS;
        }
        if (pollFds.get(JAVA_SHORT, Inotify.POLLFD_BYTES + 6) != 0) {
            // Reset the eventfd's counter; the write it counted is used up by this return.
            Inotify.read(readerErrno, eventFd, drained, 8);
            result |= WOKEN;
        }
        return result;
    }

    /**
     * Reads the notifications that are there, without waiting.
     *
     * @return the number of bytes of {@link #buffer()} filled, 0 when there were none
     */
    int read() throws IOException {
        while (true) {
            long bytes = Inotify.read(readerErrno, inotifyFd, buffer, BUFFER_BYTES);
            if (bytes >= 0) {
                return (int) bytes;
            }
            int errno = Inotify.errno(readerErrno);
            if (errno == Inotify.EAGAIN) {
                return 0;
            }
            if (errno != Inotify.EINTR) {
                throw Inotify.failure("read of inotify", errno);
            }
        }
    }

    /** What {@link #read()} filled. */
    MemorySegment buffer() {
        return buffer;
    }

    /** Wakes the thread in {@link #await}, or makes its next await return at once. Between {@link #enter()} and {@link #exit()}. */
    void wake() {
        writeOne();
    }

    private void writeOne() {
        try (Arena call = Arena.ofConfined()) {
            // Fails only when the counter would overflow (2^64 - 2 writes nobody read): woken anyway.
            Inotify.write(Inotify.errnoSegment(call), eventFd, one, 8);
        }
    }
}
