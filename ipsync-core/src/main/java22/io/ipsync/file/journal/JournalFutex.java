package io.ipsync.file.journal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Linux's futex system call on a word of shared memory, through libc's {@code syscall} (Java 22+,
 * FFM; restricted: only made where native access is enabled). The operations are the shared ones
 * (no {@code FUTEX_PRIVATE_FLAG}): the kernel keys a waiter by the mapped file and offset, so
 * processes that map the journal's meta file wait and wake on the same word.
 *
 * <p>Every argument is passed as a 64-bit integer (the variadic part of {@code syscall} takes
 * longs): addresses as numbers, the 32-bit value zero-extended. Thread-safe; a {@link Waiter}
 * is not, and belongs to one sleeping thread at a time.
 */
final class JournalFutex {

    private static final long FUTEX_WAIT = 0;

    private static final long FUTEX_WAKE = 1;

    static final int EAGAIN = 11;

    static final int EINTR = 4;

    static final int ETIMEDOUT = 110;

    private final long number;

    private final MethodHandle call;

    private final MethodHandle callCapturingErrno;

    private final VarHandle errno;

    private JournalFutex(long number) {
        this.number = number;
        Linker linker = Linker.nativeLinker();
        MemorySegment syscall = linker.defaultLookup().find("syscall")
                .orElseThrow(() -> new UnsupportedOperationException("libc has no syscall function"));
        FunctionDescriptor sixArguments = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
        Linker.Option variadic = Linker.Option.firstVariadicArg(1);
        this.call = linker.downcallHandle(syscall, sixArguments, variadic);
        this.callCapturingErrno = linker.downcallHandle(syscall, sixArguments, variadic,
                Linker.Option.captureCallState("errno"));
        this.errno = Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
    }

    /**
     * The futex of this machine, or null where ipsync does not know the system call's number
     * (Linux on x86-64: 202; on AArch64: 98) or cannot link it.
     */
    static JournalFutex forThisMachine() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        long number = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 202;
            case "aarch64" -> 98;
            default -> -1;
        };
        if (number < 0) {
            return null;
        }
        try {
            return new JournalFutex(number);
        } catch (RuntimeException cannotLink) {
            return null;
        }
    }

    /** Wakes every thread, of any process, waiting on the word at {@code address}; returns how many, or -1. */
    long wake(long address) {
        try {
            return (long) call.invokeExact(number, address, FUTEX_WAKE, (long) Integer.MAX_VALUE, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    /** A sleeping thread's native scratch memory: its timeout and captured errno. */
    Waiter waiter() {
        return new Waiter();
    }

    final class Waiter {

        private final MemorySegment timeout;

        private final MemorySegment state;

        private Waiter() {
            Arena arena = Arena.ofAuto(); // freed with the waiter, once unreachable
            this.timeout = arena.allocate(16, 8);
            this.state = arena.allocate(Linker.Option.captureStateLayout());
        }

        /**
         * Sleeps while the word at {@code address} holds {@code expected}, at most {@code nanos}
         * (the kernel takes the relative timeout as a {@code struct timespec}). Returns 0 when
         * woken, else the errno: {@link #EAGAIN} the word had changed, {@link #ETIMEDOUT},
         * {@link #EINTR} a signal; anything else means the futex does not work here.
         */
        int await(long address, int expected, long nanos) {
            timeout.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000);
            timeout.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000);
            long result;
            try {
                result = (long) callCapturingErrno.invokeExact(state, number, address, FUTEX_WAIT,
                        expected & 0xFFFF_FFFFL, timeout.address(), 0L, 0L);
            } catch (Throwable t) {
                throw new IllegalStateException("futex wait failed", t);
            }
            return result == 0 ? 0 : (int) errno.get(state, 0L);
        }
    }
}
