package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.DONE_STATE;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.SETTLING_DEAD;
import static io.ipsync.file.journal.JournalFormat.SETTLING_RETRY;
import static io.ipsync.file.journal.JournalFormat.casLong;
import static io.ipsync.file.journal.JournalFormat.offset;

import io.ipsync.file.JournalHost;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settles claims, each by CAS on the claimed frame's state word from the exact word it was claimed
 * with (slot and generation): acknowledging is one CAS to {@code DONE}; giving a message back
 * (retry later, release) marks the frame {@code SETTLING_RETRY}, appends a copy to the retry chain
 * (its due time, attempts and the frame it came from), then marks it {@code DONE};
 * dead-lettering marks it {@code SETTLING_DEAD}, stores the dead letter, then marks it
 * {@code DONE}. A process that dies between the steps leaves the frame owned by its dead slot, and
 * the {@link Reaper} finishes or redoes the settlement without doubling it. A CAS that fails means
 * the claim is no longer this consumer's: {@link ClaimLostException}, nothing changed.
 */
final class Settler {

    private final Chain main;

    private final Chain retry;

    private final JournalHost host;

    private final Path folder;

    private final String location;

    Settler(Chain main, Chain retry, JournalHost host, Path folder, String location) {
        this.main = main;
        this.retry = retry;
        this.host = host;
        this.folder = folder;
        this.location = location;
    }

    void acknowledge(Claim claim) throws IOException {
        JournalRef ref = ref(claim);
        CrashPoints.reach("acknowledge");
        if (!casLong(frame(claim, ref), at(ref), ref.owned(), DONE_STATE)) {
            throw lost(claim);
        }
    }

    /**
     * Gives the message back to the retry chain, due at {@code dueMillis}, with {@code attempts}
     * made, or {@code -1} for as many as before this claim (the attempt not counted).
     */
    void giveBack(Claim claim, long dueMillis, int attempts) throws IOException {
        giveBack(ref(claim), claim.messageId(), dueMillis, attempts);
    }

    /** As {@link #giveBack(Claim, long, int)}, for a claim known by its locator only. */
    void giveBack(JournalRef ref, String id, long dueMillis, int attempts) throws IOException {
        ByteBuffer buffer;
        try {
            buffer = (ref.retryChain() ? retry : main).buffer(ref.position());
        } catch (NoSuchFileException settledAndDeleted) {
            throw lost(id);
        }
        int at = (int) offset(ref.position());
        long settling = ref.owned() & ~(0xFL << 60) | (long) SETTLING_RETRY << 60;
        if (!casLong(buffer, at + FRAME_STATE, ref.owned(), settling)) {
            throw lost(id);
        }
        CrashPoints.reach("settling to retry");
        retry.append(Frames.encodedHeaders(buffer, at), Frames.content(buffer, at), Frames.origin(buffer, at),
                Reaper.ref(ref.retryChain(), ref.position()), dueMillis,
                attempts < 0 ? Frames.attempts(buffer, at) : attempts, Frames.putMicros(buffer, at));
        CrashPoints.reach("copied to retry");
        casLong(buffer, at + FRAME_STATE, settling, DONE_STATE);
    }

    void deadLetter(Claim claim, DeadLetterReason reason, String consumer) throws IOException {
        JournalRef ref = ref(claim);
        ByteBuffer buffer = frame(claim, ref);
        int at = (int) offset(ref.position());
        long settling = ref.owned() & ~(0xFL << 60) | (long) SETTLING_DEAD << 60;
        if (!casLong(buffer, at + FRAME_STATE, ref.owned(), settling)) {
            throw lost(claim);
        }
        CrashPoints.reach("settling to dead letter");
        byte[] content = Frames.content(buffer, at);
        Path temp = folder.resolve(".dead-" + claim.messageId() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try {
            Segments.uninterruptibly(() -> {
                try (FileChannel channel = host.createFile(temp)) {
                    ByteBuffer bytes = ByteBuffer.wrap(content);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
                CrashPoints.reach("dead letter written");
                host.deadLetter(temp, claim.messageId(), claim.attempt(), consumer, claim.headers(), reason);
                return null;
            });
        } finally {
            Files.deleteIfExists(temp);
        }
        CrashPoints.reach("dead letter stored");
        casLong(buffer, at + FRAME_STATE, settling, DONE_STATE);
    }

    private ByteBuffer frame(Claim claim, JournalRef ref) throws IOException {
        try {
            return (ref.retryChain() ? retry : main).buffer(ref.position());
        } catch (NoSuchFileException settledAndDeleted) {
            throw lost(claim);
        }
    }

    private static int at(JournalRef ref) {
        return (int) offset(ref.position()) + FRAME_STATE;
    }

    private static JournalRef ref(Claim claim) {
        if (claim.locator() instanceof JournalRef ref) {
            return ref;
        }
        throw new IllegalArgumentException("Not a claim of a journal queue: " + claim.messageId());
    }

    private ClaimLostException lost(Claim claim) {
        return lost(claim.messageId());
    }

    private ClaimLostException lost(String id) {
        return new ClaimLostException("The message " + id + " of " + location + " is no longer claimed"
                + " by this consumer (settled already, or taken back from a consumer taken for dead)");
    }
}
