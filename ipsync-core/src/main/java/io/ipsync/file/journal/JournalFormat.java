package io.ipsync.file.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The journal's on-disk format (version {@value #VERSION}; described for users in
 * {@code docs/journal.md}): offsets, magic numbers, frame words and the state word, and the atomic
 * accesses to mapped memory. All numbers are in the machine's byte order (the magic numbers,
 * checked before anything else is read, tell a file of the other order).
 *
 * <h2>Positions</h2>
 * A position in a chain of segments is {@code segmentId << 32 | offset}: positions only grow, so
 * comparing two as numbers orders them, and none is ever reused.
 *
 * <h2>Frames</h2>
 * Each frame starts on an 8-byte boundary with its length word: {@code 0} not written yet,
 * negative {@code -L} reserved by a producer writing it, positive {@code L} committed (a message
 * of {@code L} bytes, header included, rounded up to 8), {@link #PAD_BIT}{@code | n} padding of
 * {@code n} bytes to skip (the end of a segment, a frame a producer never finished).
 */
final class JournalFormat {

    static final int VERSION = 1;

    /** "IPSJMETA" read as a native long. */
    static final long META_MAGIC = 0x4154454d4a535049L;

    /** "IPSJSEG1" read as a native long. */
    static final long SEGMENT_MAGIC = 0x314745534a535049L;

    // meta file
    static final int META_MAGIC_AT = 0;
    static final int META_VERSION_AT = 8;
    static final int META_SLOTS_AT = 12;
    static final int META_SEGMENT_SIZE_AT = 16;
    static final int META_CREATED_AT = 24;
    /** Each hot word on its own 128 bytes: producers' and consumers' words never share a cache line. */
    static final int MAIN_TAIL_AT = 128;
    static final int MAIN_CURSOR_AT = 256;
    static final int MAIN_LOW_WATER_AT = 384;
    static final int RETRY_TAIL_AT = 512;
    static final int RETRY_LOW_WATER_AT = 640;
    /** One bit per slot whose consumer sleeps on its doorbell socket: 4 longs for 256 slots. */
    static final int SLEEPERS_AT = 768;
    /**
     * One bit per slot whose consumer sleeps on its futex bell word ({@link #SLOT_BELL}), beside
     * the socket sleepers in the same cache line: a producer's look for sleepers of both kinds
     * after a commit reads one line. Zero in journals made before the futex bell (nobody sleeps
     * there), so those read as they are; the format version did not change.
     */
    static final int FUTEX_SLEEPERS_AT = 800;
    /**
     * One bit per slot whose channel cannot ring a futex (Java 17-21, or Java 22+ without native
     * access): while any is set, futex-capable consumers sleep on their socket instead, which such
     * a producer rings. Set when such a channel opens, cleared when it closes or its slot is taken
     * by a futex-capable one (a bit left by a dead process costs only the faster wake-up).
     */
    static final int SOCKET_ONLY_AT = 832;
    static final int SLOT_TABLE_AT = 4096;
    static final int SLOT_SIZE = 64;
    static final int DEFAULT_SLOTS = 256;

    // slot: state int, generation int, pid long (diagnostic only), futex bell word int
    static final int SLOT_STATE = 0;
    static final int SLOT_GENERATION = 4;
    static final int SLOT_PID = 8;
    /**
     * The slot's futex bell word (an int): bumped by a producer that wakes the slot's consumer, on
     * which that consumer sleeps with {@code FUTEX_WAIT} (Java 22+, {@code FutexBell}).
     */
    static final int SLOT_BELL = 16;
    static final int SLOT_FREE = 0;
    static final int SLOT_ACTIVE = 1;

    // segment file
    static final int SEGMENT_HEADER = 64;
    static final int SEGMENT_MAGIC_AT = 0;
    static final int SEGMENT_VERSION_AT = 8;
    static final int SEGMENT_ID_AT = 16;
    static final int SEGMENT_SIZE_AT = 24;

    // frame
    static final int FRAME_LENGTH = 0;
    static final int FRAME_HEADERS_LENGTH = 4;
    static final int FRAME_STATE = 8;
    static final int FRAME_PUT_MICROS = 16;
    static final int FRAME_ORIGIN = 24;
    static final int FRAME_SOURCE = 32;
    static final int FRAME_DUE_MILLIS = 40;
    static final int FRAME_ATTEMPTS = 48;
    static final int FRAME_CONTENT_LENGTH = 52;
    static final int FRAME_HEADER = 56;
    static final int PAD_BIT = 1 << 30;
    /** What the unblocker writes over a frame start no producer will finish: padding of 8 bytes. */
    static final int POISON = PAD_BIT | 8;
    /** The most bytes the encoded headers of one message take (names and values, with their lengths). */
    static final int MAX_ENCODED_HEADERS = 8 * 1024;

    /** Marks, in a frame's source, a position in the retry chain. */
    static final long RETRY_CHAIN_BIT = 1L << 63;

    // state word: kind in bits 60-63, owner slot in bits 32-59, owner generation in bits 0-31
    static final long NEW = 0;
    static final int CLAIMED = 1;
    static final int SETTLING_RETRY = 2;
    static final int SETTLING_DEAD = 3;
    static final int DONE = 4;
    static final long DONE_STATE = (long) DONE << 60;

    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private JournalFormat() {
    }

    static long owned(int kind, int slot, int generation) {
        return (long) kind << 60 | (long) slot << 32 | (generation & 0xFFFF_FFFFL);
    }

    static int kind(long state) {
        return (int) (state >>> 60);
    }

    static int slot(long state) {
        return (int) (state >>> 32 & 0x0FFF_FFFF);
    }

    static long position(long segment, long offset) {
        return segment << 32 | offset;
    }

    static long segment(long position) {
        return position >>> 32;
    }

    static long offset(long position) {
        return position & 0xFFFF_FFFFL;
    }

    static boolean isPad(int length) {
        return length > 0 && (length & PAD_BIT) != 0;
    }

    static int padSize(int length) {
        return length & ~PAD_BIT;
    }

    static int align(int length) {
        return (length + 7) & ~7;
    }

    static int getIntVolatile(ByteBuffer buffer, int at) {
        return (int) INT.getVolatile(buffer, at);
    }

    static boolean casInt(ByteBuffer buffer, int at, int expected, int value) {
        return INT.compareAndSet(buffer, at, expected, value);
    }

    static long getLongVolatile(ByteBuffer buffer, int at) {
        return (long) LONG.getVolatile(buffer, at);
    }

    static void setLongVolatile(ByteBuffer buffer, int at, long value) {
        LONG.setVolatile(buffer, at, value);
    }

    static boolean casLong(ByteBuffer buffer, int at, long expected, long value) {
        return LONG.compareAndSet(buffer, at, expected, value);
    }

    static long getAndAddLong(ByteBuffer buffer, int at, long delta) {
        return (long) LONG.getAndAdd(buffer, at, delta);
    }

    /** Raises the long at {@code at} to {@code value} unless it is there or beyond already. */
    static void raiseLong(ByteBuffer buffer, int at, long value) {
        long current;
        do {
            current = getLongVolatile(buffer, at);
        } while (current < value && !casLong(buffer, at, current, value));
    }
}
