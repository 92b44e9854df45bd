package io.ipsync.file;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The Linux system calls behind {@link InotifySource}, called through the FFM API: inotify,
 * eventfd, poll, read, write and close, with {@code errno}, and the constants they take (those of
 * the generic Linux ABI, which x86-64 and AArch64 share; {@link NotificationSources} uses this
 * class on those only).
 *
 * <p>Loading this class links the calls, which is <em>restricted</em> in the sense of the FFM API:
 * without native access for ipsync's module the JDK prints a warning (and a future JDK refuses).
 * Only {@link NotificationSources} decides to load it. Each method returns what the call returned
 * (-1 on failure) and leaves {@code errno} in the capture segment given to it, which its caller
 * owns: one per thread at a time.
 */
final class Inotify {

    static final int IN_NONBLOCK = 0x800;
    static final int IN_CLOEXEC = 0x80000;

    static final int IN_ATTRIB = 0x4;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ONLYDIR = 0x1000000;
    static final int IN_EXCL_UNLINK = 0x4000000;
    static final int IN_MASK_ADD = 0x20000000;

    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final short POLLIN = 0x1;

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** {@code struct inotify_event} without its name: wd, mask, cookie, len. */
    static final int EVENT_HEADER_BYTES = 16;

    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final int POLLFD_BYTES = 8;

    private static final Linker LINKER = Linker.nativeLinker();

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();

    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle INOTIFY_INIT1 = link("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private static final MethodHandle INOTIFY_ADD_WATCH = link("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private static final MethodHandle INOTIFY_RM_WATCH = link("inotify_rm_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private static final MethodHandle EVENTFD = link("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private static final MethodHandle POLL = link("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private static final MethodHandle READ = link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private static final MethodHandle WRITE = link("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Inotify() {
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
        return LINKER.downcallHandle(address, descriptor, ERRNO_OPTION);
    }

    /** A segment to capture {@code errno} in, for one thread at a time. */
    static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The {@code errno} the last call given {@code capture} left. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static int inotifyInit1(MemorySegment capture, int flags) {
        try {
            return (int) INOTIFY_INIT1.invokeExact(capture, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int inotifyAddWatch(MemorySegment capture, int fd, MemorySegment path, int mask) {
        try {
            return (int) INOTIFY_ADD_WATCH.invokeExact(capture, fd, path, mask);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int inotifyRmWatch(MemorySegment capture, int fd, int wd) {
        try {
            return (int) INOTIFY_RM_WATCH.invokeExact(capture, fd, wd);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int eventfd(MemorySegment capture, int initialValue, int flags) {
        try {
            return (int) EVENTFD.invokeExact(capture, initialValue, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** Blocks the calling thread in the kernel, not interruptible by {@link Thread#interrupt()}: keep the timeout short. */
    static int poll(MemorySegment capture, MemorySegment pollfds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(capture, pollfds, count, timeoutMillis);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static long read(MemorySegment capture, int fd, MemorySegment buffer, long bytes) {
        try {
            return (long) READ.invokeExact(capture, fd, buffer, bytes);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static long write(MemorySegment capture, int fd, MemorySegment buffer, long bytes) {
        try {
            return (long) WRITE.invokeExact(capture, fd, buffer, bytes);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int close(MemorySegment capture, int fd) {
        try {
            return (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A failed call as an exception: its name and {@code errno} (see {@code errno(3)}). */
    static IOException failure(String call, int errno) {
        return new IOException(call + " failed with errno " + errno + switch (errno) {
            case 2 -> " (ENOENT: no such file or directory)";
            case 13 -> " (EACCES: permission denied)";
            case 20 -> " (ENOTDIR: not a directory)";
            case 24 -> " (EMFILE: too many open files, or inotify instances: fs.inotify.max_user_instances)";
            case 28 -> " (ENOSPC: too many inotify watches: fs.inotify.max_user_watches)";
            default -> "";
        });
    }

    private static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
