package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.CLAIMED;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.MAIN_CURSOR_AT;
import static io.ipsync.file.journal.JournalFormat.NEW;
import static io.ipsync.file.journal.JournalFormat.casLong;
import static io.ipsync.file.journal.JournalFormat.getLongVolatile;
import static io.ipsync.file.journal.JournalFormat.isPad;
import static io.ipsync.file.journal.JournalFormat.offset;
import static io.ipsync.file.journal.JournalFormat.padSize;
import static io.ipsync.file.journal.JournalFormat.segment;

import io.ipsync.spi.Claim;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;

/**
 * Takes messages: due retries first (through the {@link RetryIndex}), then the main chain from
 * the shared claim cursor. Of consumers racing for a frame, the one whose CAS turns its state word
 * from {@code NEW} into {@code CLAIMED(slot, generation)} has it. The cursor is a hint that every
 * consumer moves forward past frames no longer waiting; every frame before it is taken or padding.
 *
 * <p>The cursor's invariant, which the {@link Reaper} relies on to bound its walk: <em>between the
 * cursor and any claimed frame of the main chain, every frame is written and not new.</em> A
 * consumer starts at the cursor (or the low-water mark, below which all is settled), passes only
 * frames that are padding or taken already, stops at the first frame start not written, and
 * claims the first new frame it meets; the cursor only grows and a frame never becomes new again.
 * A consumer that dies between its claim and raising the cursor leaves the claimed frame at or
 * past the cursor, with only taken frames before it: still within the bound.
 *
 * <p>A frame start that stays unwritten (a producer died or stalls between its reserve and its
 * commit) holds up the chain; once it has for {@code unblockAfterNanos}, it is made skippable
 * ({@link Chain#unblock}).
 */
final class Claimer {

    private final Chain main;

    private final Chain retry;

    private final RetryIndex retries;

    private final ByteBuffer meta;

    private final long maxMessageSize;

    private final long unblockAfterNanos;

    private long mainStuckAt = -1;

    private long mainStuckSince;

    private long retryStuckAt = -1;

    private long retryStuckSince;

    Claimer(Chain main, Chain retry, RetryIndex retries, Meta meta, long maxMessageSize, long unblockAfterNanos) {
        this.main = main;
        this.retry = retry;
        this.retries = retries;
        this.meta = meta.buffer;
        this.maxMessageSize = maxMessageSize;
        this.unblockAfterNanos = unblockAfterNanos;
    }

    /** Takes one due message for {@code owner} (a {@link JournalFormat#owned} CLAIMED word), or returns null. */
    Claim claim(long owner) throws IOException {
        Claim claim = claimRetry(owner);
        return claim != null ? claim : claimMain(owner);
    }

    private Claim claimRetry(long owner) throws IOException {
        long stoppedAt = retries.refresh();
        checkStuck(retry, stoppedAt, true);
        long now = System.currentTimeMillis();
        for (long position = retries.pollDue(now); position >= 0; position = retries.pollDue(now)) {
            ByteBuffer buffer;
            try {
                buffer = retry.buffer(position);
            } catch (NoSuchFileException settledAndDeleted) {
                continue;
            }
            int at = (int) offset(position);
            CrashPoints.reach("claim retry");
            if (casLong(buffer, at + FRAME_STATE, NEW, owner)) {
                return claimOf(buffer, at, true, position, owner);
            }
        }
        return null;
    }

    private Claim claimMain(long owner) throws IOException {
        long position = Math.max(getLongVolatile(meta, MAIN_CURSOR_AT), main.lowWater());
        while (true) {
            position = main.normalize(position);
            if (position >= main.tail() || offset(position) >= main.segments.size()) {
                return null;
            }
            ByteBuffer buffer;
            try {
                buffer = main.buffer(position);
            } catch (NoSuchFileException deleted) {
                long low = main.lowWater();
                if (low <= position) {
                    throw new JournalCorruptException(main.segments.file(segment(position)), "is missing, but the main"
                            + " chain still holds messages there (deleted by hand?)");
                }
                main.segments.forget(segment(position));
                position = low;
                continue;
            }
            int length = main.length(buffer, position);
            if (length <= 0) {
                checkStuck(main, position, false);
                return null;
            }
            if (isPad(length)) {
                position += padSize(length);
                JournalFormat.raiseLong(meta, MAIN_CURSOR_AT, position);
                continue;
            }
            int at = (int) offset(position);
            CrashPoints.reach("claim main");
            long state = getLongVolatile(buffer, at + FRAME_STATE);
            boolean mine = state == NEW && casLong(buffer, at + FRAME_STATE, NEW, owner);
            if (mine) {
                CrashPoints.reach("claimed main"); // dead here, it leaves its claim at or past the cursor
            }
            JournalFormat.raiseLong(meta, MAIN_CURSOR_AT, position + length);
            if (mine) {
                return claimOf(buffer, at, false, position, owner);
            }
            position += length;
        }
    }

    private synchronized void checkStuck(Chain chain, long position, boolean retryChain) throws IOException {
        if (position >= chain.tail()) {
            return;
        }
        long now = System.nanoTime();
        if (retryChain ? position != retryStuckAt : position != mainStuckAt) {
            if (retryChain) {
                retryStuckAt = position;
                retryStuckSince = now;
            } else {
                mainStuckAt = position;
                mainStuckSince = now;
            }
        } else if (now - (retryChain ? retryStuckSince : mainStuckSince) >= unblockAfterNanos) {
            chain.unblock(position);
        }
    }

    /**
     * Whether a claim may find something now: the frame at the cursor is written (a message or
     * padding to skip), or a retry is due. For a consumer about to sleep, after it announced it.
     */
    boolean hasWork() {
        try {
            long position = main.normalize(Math.max(getLongVolatile(meta, MAIN_CURSOR_AT), main.lowWater()));
            if (position < main.tail() && offset(position) < main.segments.size()
                    && main.length(main.buffer(position), position) > 0) {
                return true;
            }
            retries.refresh();
        } catch (IOException e) {
            return true; // let the claim report it
        }
        return retries.nextDueMillis() <= System.currentTimeMillis();
    }

    /** When the next retry is due, or {@link Long#MAX_VALUE}. */
    long nextRetryDueMillis() {
        return retries.nextDueMillis();
    }

    private Claim claimOf(ByteBuffer buffer, int at, boolean retryChain, long position, long owner) {
        String id = Frames.id(Frames.origin(buffer, at));
        int attempt = Frames.attempts(buffer, at) + 1;
        JournalRef ref = new JournalRef(retryChain, position, owner);
        int length = Frames.contentLength(buffer, at);
        var headers = Frames.headers(buffer, at);
        var time = Frames.putTime(buffer, at);
        if (length > maxMessageSize) {
            return new Claim(id, attempt, null, time, null, "holds " + length + " bytes, more than the maximum of "
                    + maxMessageSize + " bytes", headers, ref);
        }
        return new Claim(id, attempt, null, time, Frames.content(buffer, at), null, headers, ref);
    }

    static boolean isClaim(long state) {
        return JournalFormat.kind(state) == CLAIMED;
    }
}
