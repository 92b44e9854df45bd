package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.FRAME_ATTEMPTS;
import static io.ipsync.file.journal.JournalFormat.FRAME_CONTENT_LENGTH;
import static io.ipsync.file.journal.JournalFormat.FRAME_DUE_MILLIS;
import static io.ipsync.file.journal.JournalFormat.FRAME_HEADER;
import static io.ipsync.file.journal.JournalFormat.FRAME_HEADERS_LENGTH;
import static io.ipsync.file.journal.JournalFormat.FRAME_ORIGIN;
import static io.ipsync.file.journal.JournalFormat.FRAME_PUT_MICROS;
import static io.ipsync.file.journal.JournalFormat.FRAME_SOURCE;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.PAD_BIT;
import static io.ipsync.file.journal.JournalFormat.POISON;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_HEADER;
import static io.ipsync.file.journal.JournalFormat.align;
import static io.ipsync.file.journal.JournalFormat.casInt;
import static io.ipsync.file.journal.JournalFormat.casLong;
import static io.ipsync.file.journal.JournalFormat.getAndAddLong;
import static io.ipsync.file.journal.JournalFormat.getIntVolatile;
import static io.ipsync.file.journal.JournalFormat.getLongVolatile;
import static io.ipsync.file.journal.JournalFormat.isPad;
import static io.ipsync.file.journal.JournalFormat.offset;
import static io.ipsync.file.journal.JournalFormat.padSize;
import static io.ipsync.file.journal.JournalFormat.position;
import static io.ipsync.file.journal.JournalFormat.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;

/**
 * One chain of segments (the main chain of new messages, or the retry chain of messages given
 * back) with its tail and low-water mark in the meta file: appending, reading frames, skipping
 * what a dead producer left, and deleting settled segments.
 *
 * <h2>Append</h2>
 * A producer reserves {@code L} bytes with one {@code getAndAdd} on the tail, marks the frame
 * reserved ({@code CAS 0 -> -L}), writes its fields and bytes with plain writes, and commits with
 * {@code CAS -L -> +L}, whose volatile semantics publish the plain writes: a consumer never sees a
 * frame before it is whole. A reservation that passes the end of its segment pads the rest of the
 * segment (the producer that started inside it does), makes sure the next segment exists and
 * moves the tail there by CAS (any producer may), and reserves again. A producer whose reserve or
 * commit CAS fails (the {@link #unblock unblocker} took its frame for abandoned) reserves again
 * elsewhere: its message is stored once, later.
 *
 * <h2>Invariants</h2>
 * Every frame below the low-water mark is settled or padding; a segment wholly below it is
 * deleted, by the process whose CAS moved the mark past it.
 */
final class Chain {

    final String name;

    final Segments segments;

    private final ByteBuffer meta;

    private final int tailAt;

    private final int lowWaterAt;

    private final int size;

    private final String reservingPoint;

    private final String reservedPoint;

    private final String writtenPoint;

    Chain(String name, Segments segments, Meta meta, int tailAt, int lowWaterAt) throws IOException {
        this.name = name;
        this.segments = segments;
        this.meta = meta.buffer;
        this.tailAt = tailAt;
        this.lowWaterAt = lowWaterAt;
        this.size = segments.size();
        this.reservingPoint = "reserving " + name;
        this.reservedPoint = "reserved " + name;
        this.writtenPoint = "written " + name;
        segments.create(segment(tail()));
    }

    long tail() {
        return getLongVolatile(meta, tailAt);
    }

    long lowWater() {
        return getLongVolatile(meta, lowWaterAt);
    }

    /** The largest frame (header, encoded headers and content) a segment holds. */
    int maxFrame() {
        return size - SEGMENT_HEADER;
    }

    /** The bytes between the low-water mark and the tail: what this chain keeps on disk. */
    long backlog() {
        return bytes(tail()) - bytes(lowWater());
    }

    private long bytes(long position) {
        return segment(position) * size + Math.min(offset(position), size);
    }

    /** The origin argument of {@link #append} for a message put for later: its own position, marked. */
    static final long OWN_PUT_FOR_LATER = -2;

    /**
     * Marks the origin of a message put for later, whose first copy is in the retry chain: no
     * position reaches this bit (segment ids stay far below 2^30), so its id differs from every id
     * of the main chain's messages.
     */
    static final long PUT_FOR_LATER_BIT = 1L << 62;

    /**
     * Appends a frame; returns its position once it is committed and visible.
     *
     * @param origin the message's first position in the main chain, or {@code -1} for this frame's own,
     *     or {@link #OWN_PUT_FOR_LATER} for this frame's own marked as a message put for later (its
     *     first copy in the retry chain, so that its id is none of the main chain's)
     */
    long append(byte[] headers, byte[] content, long origin, long source, long dueMillis, int attempts, long putMicros)
            throws IOException {
        int length = align(FRAME_HEADER + headers.length + content.length);
        while (true) {
            long raw = getAndAddLong(meta, tailAt, length);
            long segment = segment(raw);
            long offset = offset(raw);
            if (offset + length > size) {
                if (offset < size) {
                    casInt(segments.map(segment), (int) offset, 0, PAD_BIT | (int) (size - offset));
                }
                rotate(segment);
                continue;
            }
            ByteBuffer buffer = segments.map(segment);
            int at = (int) offset;
            CrashPoints.reach(reservingPoint);
            if (!casInt(buffer, at, 0, -length)) {
                continue; // poisoned by the unblocker: reserve again
            }
            CrashPoints.reach(reservedPoint);
            buffer.putInt(at + FRAME_HEADERS_LENGTH, headers.length);
            buffer.putLong(at + FRAME_STATE, JournalFormat.NEW);
            buffer.putLong(at + FRAME_PUT_MICROS, putMicros);
            buffer.putLong(at + FRAME_ORIGIN, origin == OWN_PUT_FOR_LATER ? raw | PUT_FOR_LATER_BIT : origin < 0 ? raw : origin);
            buffer.putLong(at + FRAME_SOURCE, source);
            buffer.putLong(at + FRAME_DUE_MILLIS, dueMillis);
            buffer.putInt(at + FRAME_ATTEMPTS, attempts);
            buffer.putInt(at + FRAME_CONTENT_LENGTH, content.length);
            buffer.put(at + FRAME_HEADER, headers);
            buffer.put(at + FRAME_HEADER + headers.length, content);
            CrashPoints.reach(writtenPoint);
            if (!casInt(buffer, at, -length, length)) {
                continue; // fenced out by the unblocker while stalled: store it again elsewhere
            }
            if (offset < size / 2 && offset + length >= size / 2) {
                segments.create(segment + 1); // ready before the tail gets there
            }
            return raw;
        }
    }

    private void rotate(long segment) throws IOException {
        segments.create(segment + 1);
        long next = position(segment + 1, SEGMENT_HEADER);
        long tail;
        do {
            tail = tail();
        } while (segment(tail) == segment && !casLong(meta, tailAt, tail, next));
    }

    /**
     * The position itself, or the start of the next segment where {@code position} is at the end of
     * its segment and the tail has moved on to the next.
     */
    long normalize(long position) {
        if (offset(position) >= size && segment(tail()) > segment(position)) {
            return position(segment(position) + 1, SEGMENT_HEADER);
        }
        return position;
    }

    /** The mapped segment of a position. */
    ByteBuffer buffer(long position) throws IOException {
        return segments.map(segment(position));
    }

    /**
     * The length word at {@code position}, checked: a committed frame or padding that fits its
     * segment, zero, or a reservation.
     */
    int length(ByteBuffer buffer, long position) throws JournalCorruptException {
        int at = (int) offset(position);
        int length = getIntVolatile(buffer, at);
        if (length == 0) {
            return 0;
        }
        int bytes = length < 0 ? -length : isPad(length) ? padSize(length) : length;
        boolean valid = bytes % 8 == 0 && bytes >= 8 && at + (long) bytes <= size
                && (length < 0 || isPad(length) || bytes >= FRAME_HEADER && FRAME_HEADER
                        + (long) buffer.getInt(at + FRAME_HEADERS_LENGTH) + buffer.getInt(at + FRAME_CONTENT_LENGTH) <= bytes
                        && buffer.getInt(at + FRAME_HEADERS_LENGTH) >= 0 && buffer.getInt(at + FRAME_CONTENT_LENGTH) >= 0);
        if (!valid) {
            throw new JournalCorruptException(segments.file(segment(position)), "the frame at offset " + at
                    + " has the length word " + length + " (0x" + Integer.toHexString(length)
                    + "), which no writer of this format leaves (corrupted)");
        }
        return length;
    }

    /**
     * Makes a frame start that stays unwritten or unfinished skippable: a reservation ({@code -L})
     * becomes padding, whose late commit then fails; an unreserved start and the zero words after
     * it, up to the first word written or the tail, become 8-byte padding one by one (a late
     * reserve there fails). Either way the producer, if it lives, stores its message again
     * elsewhere: never lost, never torn. Safe against a producer that is merely slow.
     */
    void unblock(long position) throws IOException {
        ByteBuffer buffer = buffer(position);
        int at = (int) offset(position);
        int length = getIntVolatile(buffer, at);
        if (length < 0) {
            casInt(buffer, at, length, PAD_BIT | -length);
            return;
        }
        if (length != 0) {
            return;
        }
        long tail = tail();
        long end = segment(tail) > segment(position) ? size : Math.min(offset(tail), size);
        for (int word = at; word < end; word += 8) {
            if (!casInt(buffer, word, 0, POISON)) {
                return;
            }
        }
    }

    /**
     * Moves the low-water mark over settled frames and padding, at most {@code maxFrames}, and
     * deletes the segments it passes. Returns whether it moved.
     */
    boolean advanceLowWater(int maxFrames) throws IOException {
        long start = lowWater();
        long position = start;
        long tail = tail();
        for (int i = 0; i < maxFrames; i++) {
            position = normalize(position);
            if (position >= tail || offset(position) >= size) {
                break;
            }
            ByteBuffer buffer;
            try {
                buffer = buffer(position);
            } catch (NoSuchFileException deletedMeanwhile) {
                return false;
            }
            int length = length(buffer, position);
            if (isPad(length)) {
                position += padSize(length);
            } else if (length > 0 && JournalFormat.kind(getLongVolatile(buffer, (int) offset(position) + FRAME_STATE))
                    == JournalFormat.DONE) {
                position += length;
            } else {
                break;
            }
        }
        if (position == start || !casLong(meta, lowWaterAt, start, position)) {
            return false;
        }
        for (long segment = segment(start); segment < segment(position); segment++) {
            segments.delete(segment);
        }
        return true;
    }

    /** Sees one committed frame of a {@link #walk}; returns whether to go on. */
    interface Visitor {
        boolean visit(ByteBuffer buffer, int at, long position, int length) throws IOException;
    }

    /**
     * Visits the committed frames from {@code from} (the low-water mark where that is later) on,
     * skipping padding, up to the tail or the first frame start not written yet; a reservation
     * stops the walk too unless {@code skipReserved}. Returns where the walk stopped.
     */
    long walk(long from, boolean skipReserved, Visitor visitor) throws IOException {
        long position = Math.max(from, lowWater());
        while (true) {
            position = normalize(position);
            if (position >= tail() || offset(position) >= size) {
                return position;
            }
            ByteBuffer buffer;
            try {
                buffer = buffer(position);
            } catch (NoSuchFileException deleted) {
                long low = lowWater();
                if (low > position) {
                    segments.forget(segment(position));
                    position = low;
                    continue;
                }
                throw new JournalCorruptException(segments.file(segment(position)), "is missing, but the " + name
                        + " chain still holds messages there (deleted by hand?)");
            }
            int length = length(buffer, position);
            if (length == 0 || length < 0 && !skipReserved) {
                return position;
            }
            if (length < 0 || isPad(length)) {
                position += length < 0 ? -length : padSize(length);
                continue;
            }
            if (!visitor.visit(buffer, (int) offset(position), position, length)) {
                return position;
            }
            position += length;
        }
    }
}
