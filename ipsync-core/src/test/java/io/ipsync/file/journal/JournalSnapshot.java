package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.FRAME_DUE_MILLIS;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.MAIN_CURSOR_AT;
import static io.ipsync.file.journal.JournalFormat.MAIN_LOW_WATER_AT;
import static io.ipsync.file.journal.JournalFormat.MAIN_TAIL_AT;
import static io.ipsync.file.journal.JournalFormat.RETRY_LOW_WATER_AT;
import static io.ipsync.file.journal.JournalFormat.RETRY_TAIL_AT;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_HEADER;
import static io.ipsync.file.journal.JournalFormat.SLEEPERS_AT;
import static io.ipsync.file.journal.JournalFormat.SLOT_FREE;
import static io.ipsync.file.journal.JournalFormat.SLOT_GENERATION;
import static io.ipsync.file.journal.JournalFormat.SLOT_PID;
import static io.ipsync.file.journal.JournalFormat.SLOT_STATE;
import static io.ipsync.file.journal.JournalFormat.isPad;
import static io.ipsync.file.journal.JournalFormat.kind;
import static io.ipsync.file.journal.JournalFormat.offset;
import static io.ipsync.file.journal.JournalFormat.padSize;
import static io.ipsync.file.journal.JournalFormat.segment;
import static io.ipsync.file.journal.JournalFormat.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a journal holds, read as a bystander for a test's failure message: the meta words (tails,
 * claim cursor, low-water marks, sleepers), the slots in use, and per chain how many frames
 * between the low-water mark and the tail are new, claimed, settling or done, which are reserved
 * and not committed (a producer writing, or dead), and where the walk stops short of the tail (a
 * frame start left unwritten). It maps the files read-only
 * and takes no slot, so describing a stuck journal changes nothing in it (unlike opening a
 * channel, which reaps and unblocks).
 */
public final class JournalSnapshot {

    private JournalSnapshot() {
    }

    /** Describes the journal of the queue directory {@code queueDir} in a few lines. */
    public static String describe(Path queueDir) {
        Path folder = queueDir.resolve("journal");
        try {
            ByteBuffer meta = map(folder.resolve("meta"));
            int segmentSize = (int) meta.getLong(JournalFormat.META_SEGMENT_SIZE_AT);
            StringBuilder text = new StringBuilder();
            text.append("main: ").append(chain(folder, "main", segmentSize, meta.getLong(MAIN_LOW_WATER_AT),
                    meta.getLong(MAIN_TAIL_AT)));
            text.append(", claim cursor ").append(hex(meta.getLong(MAIN_CURSOR_AT)));
            text.append("\nretry: ").append(chain(folder, "retry", segmentSize, meta.getLong(RETRY_LOW_WATER_AT),
                    meta.getLong(RETRY_TAIL_AT)));
            text.append("\nsleepers:");
            for (int w = 0; w < 4; w++) {
                text.append(' ').append(Long.toHexString(meta.getLong(SLEEPERS_AT + w * 8)));
            }
            text.append("\nslots in use:");
            int slots = meta.getInt(JournalFormat.META_SLOTS_AT);
            for (int slot = 0; slot < slots; slot++) {
                int at = JournalFormat.SLOT_TABLE_AT + slot * JournalFormat.SLOT_SIZE;
                if (meta.getInt(at + SLOT_STATE) != SLOT_FREE) {
                    text.append(" ").append(slot).append("(gen ").append(meta.getInt(at + SLOT_GENERATION)).append(", pid ")
                            .append(meta.getLong(at + SLOT_PID)).append(')');
                }
            }
            return text.toString();
        } catch (IOException | RuntimeException e) {
            return "(the journal in " + folder + " cannot be read: " + e + ")";
        }
    }

    private static String chain(Path folder, String prefix, int size, long lowWater, long tail) throws IOException {
        long[] kinds = new long[6]; // new, claimed, settling retry, settling dead, done, padding
        long dueLater = 0;
        long now = System.currentTimeMillis();
        List<String> claimedBy = new ArrayList<>();
        List<String> reserved = new ArrayList<>();
        String stop = "the tail";
        long position = lowWater;
        ByteBuffer buffer = null;
        long mappedSegment = -1;
        while (position < tail) {
            if (offset(position) >= size) {
                position = JournalFormat.position(segment(position) + 1, SEGMENT_HEADER);
                continue;
            }
            if (segment(position) != mappedSegment) {
                try {
                    buffer = map(folder.resolve(String.format("%s-%016x.seg", prefix, segment(position))));
                } catch (NoSuchFileException gone) {
                    stop = "a missing segment at " + hex(position);
                    break;
                }
                mappedSegment = segment(position);
            }
            int at = (int) offset(position);
            int length = buffer.getInt(at);
            if (length == 0) {
                stop = "an unwritten frame start at " + hex(position);
                break;
            }
            if (length < 0) {
                if (reserved.size() < 8) {
                    reserved.add(hex(position));
                }
                position += -length;
                continue;
            }
            if (isPad(length)) {
                kinds[5]++;
                position += padSize(length);
                continue;
            }
            long state = buffer.getLong(at + FRAME_STATE);
            kinds[kind(state)]++;
            if (state == JournalFormat.NEW && "retry".equals(prefix) && buffer.getLong(at + FRAME_DUE_MILLIS) > now) {
                dueLater++;
            }
            if (kind(state) != JournalFormat.DONE && state != JournalFormat.NEW && claimedBy.size() < 8) {
                claimedBy.add(hex(position) + " kind " + kind(state) + " slot " + slot(state) + " gen " + (int) state);
            }
            position += length;
        }
        return "low-water " + hex(lowWater) + ", tail " + hex(tail) + "; new " + kinds[0] + " (due later " + dueLater
                + "), claimed " + kinds[1] + ", settling " + (kinds[2] + kinds[3]) + ", done " + kinds[4] + ", padding "
                + kinds[5] + "; the walk stopped at " + stop + (reserved.isEmpty() ? "" : "; reserved, not committed: " + reserved)
                + (claimedBy.isEmpty() ? "" : "; held: " + claimedBy);
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, Files.size(file)).order(ByteOrder.nativeOrder());
        }
    }

    private static String hex(long position) {
        return Long.toHexString(segment(position)) + ":" + Long.toHexString(offset(position));
    }
}
