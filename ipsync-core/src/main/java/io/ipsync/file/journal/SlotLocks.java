package io.ipsync.file.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The liveness of a journal's participants: one byte of the {@code lock} file per slot, held with
 * an fcntl lock ({@link FileChannel#tryLock}) by the process that owns the slot. The kernel drops
 * the lock when that process dies, however it dies, so a slot whose byte can be locked has no
 * live owner. No PIDs are compared: they are reused and differ between containers.
 *
 * <p>Two JDK traps shape this class. Closing any channel of a file drops every lock this JVM holds
 * on it, so there is one channel per lock file per JVM, opened once and never closed. And a
 * channel used on a thread that is interrupted is closed ({@link java.nio.channels.ClosedByInterruptException}),
 * so every lock operation runs on one internal thread, {@code ipsync-journal-locks}, that nobody
 * interrupts (it ends when idle); callers wait for it without being interruptible.
 */
final class SlotLocks {

    /** Whether a slot's byte was locked. */
    enum Probe {
        /** Locked now by the caller: the slot had no live owner. */
        ACQUIRED,
        /** Held by another process: its owner lives. */
        HELD_ELSEWHERE,
        /** Held in this JVM (by a channel or a reaper here). */
        HELD_HERE
    }

    /** By the lock file's identity (device and inode), not its path: a queue deleted and made again is another file. */
    private static final Map<Object, SlotLocks> OPEN = new ConcurrentHashMap<>();

    /**
     * The lock thread: one at a time, started for a burst of lock calls (opening, closing, a
     * reclaim look) and ended 10 ms after the last, so that no thread of ipsync's stays behind.
     */
    private static final ThreadPoolExecutor LOCK_THREAD = lockThread();

    private static ThreadPoolExecutor lockThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "ipsync-journal-locks");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private final Path file;

    private final FileChannel channel;

    private final Map<Integer, FileLock> held = new ConcurrentHashMap<>();

    private SlotLocks(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The locks of the lock file {@code file}, the same instance for every journal channel of this JVM. */
    static SlotLocks of(Path file) throws IOException {
        Object identity = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        try {
            return OPEN.computeIfAbsent(identity == null ? file : identity, key -> {
                try {
                    return new SlotLocks(file, onLockThread(() -> FileChannel.open(file, StandardOpenOption.READ,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Tries to lock the slot's byte without waiting. */
    Probe tryLock(int slot) throws IOException {
        if (held.containsKey(slot)) {
            return Probe.HELD_HERE;
        }
        return onLockThread(() -> {
            try {
                FileLock lock = channel.tryLock(slot, 1, false);
                if (lock == null) {
                    return Probe.HELD_ELSEWHERE;
                }
                held.put(slot, lock);
                return Probe.ACQUIRED;
            } catch (OverlappingFileLockException heldHere) {
                return Probe.HELD_HERE;
            }
        });
    }

    /** Whether this JVM holds the slot's lock (a channel of this JVM owns it, or a reaper here works on it). */
    boolean heldHere(int slot) {
        return held.containsKey(slot);
    }

    /** Gives up the slot's lock taken by {@link #tryLock}. */
    void unlock(int slot) throws IOException {
        FileLock lock = held.remove(slot);
        if (lock != null) {
            onLockThread(() -> {
                lock.release();
                return null;
            });
        }
    }

    @Override
    public String toString() {
        return "SlotLocks[" + file + ", held " + held.keySet() + "]";
    }

    private interface LockIo<T> {
        T run() throws IOException;
    }

    /** Runs {@code io} on the lock thread and waits for it uninterruptibly, keeping the caller's interrupt status. */
    private static <T> T onLockThread(LockIo<T> io) throws IOException {
        Future<T> result = LOCK_THREAD.submit(io::run);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io2) {
                        throw io2;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
