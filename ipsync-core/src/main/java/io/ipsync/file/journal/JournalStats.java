package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.DONE;
import static io.ipsync.file.journal.JournalFormat.FRAME_DUE_MILLIS;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.NEW;
import static io.ipsync.file.journal.JournalFormat.getLongVolatile;
import static io.ipsync.file.journal.JournalFormat.kind;

import io.ipsync.DeadLetter;
import io.ipsync.QueueStats;
import io.ipsync.file.JournalHost;
import io.ipsync.spi.DeadLetterStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A journal queue's counters, read by walking both chains from their low-water marks (so a call
 * costs time in proportion to the backlog: for tools and health checks, not the hot path), plus
 * its segment files and the message files a producer of the file layout dropped into the queue
 * directory, which a journal never takes (they are reported, in {@code ipsync stat} and a warning
 * when the queue is opened, never taken silently).
 *
 * @param waiting messages ready now (new, or given back and due)
 * @param oldestPutMicros when the oldest waiting new message was put, or 0
 * @param inFlight messages claimed and not settled
 * @param scheduledRetries messages given back and not yet due
 * @param deadLetters dead letters
 * @param segments segment files of both chains
 * @param segmentBytes their bytes
 * @param strayMessageFiles {@code q_} files in the queue directory
 */
public record JournalStats(long waiting, long oldestPutMicros, long inFlight, long scheduledRetries, long deadLetters,
        long segments, long segmentBytes, long strayMessageFiles) {

    static JournalStats of(Chain main, Chain retry, JournalHost host) throws IOException {
        long[] counts = new long[4]; // waiting, oldest, in flight, scheduled
        main.walk(main.lowWater(), true, (buffer, at, position, length) -> {
            long state = getLongVolatile(buffer, at + FRAME_STATE);
            if (state == NEW) {
                counts[0]++;
                if (counts[1] == 0) {
                    counts[1] = Frames.putMicros(buffer, at);
                }
            } else if (kind(state) != DONE) {
                counts[2]++;
            }
            return true;
        });
        long now = System.currentTimeMillis();
        retry.walk(retry.lowWater(), true, (buffer, at, position, length) -> {
            long state = getLongVolatile(buffer, at + FRAME_STATE);
            if (state == NEW) {
                counts[buffer.getLong(at + FRAME_DUE_MILLIS) <= now ? 0 : 3]++;
            } else if (kind(state) != DONE) {
                counts[2]++;
            }
            return true;
        });
        long[] mainFiles = main.segments.countFiles();
        long[] retryFiles = retry.segments.countFiles();
        return new JournalStats(counts[0], counts[1], counts[2], counts[3], host.deadLetterCount(),
                mainFiles[0] + retryFiles[0], mainFiles[1] + retryFiles[1], JournalHost.strayMessages(host.root()));
    }

    /** As the queue's {@link QueueStats}. */
    public QueueStats stats() {
        Duration oldest = null;
        if (waiting > 0 && oldestPutMicros > 0) {
            Instant put = Instant.ofEpochSecond(oldestPutMicros / 1_000_000, oldestPutMicros % 1_000_000 * 1000);
            oldest = Duration.between(put, Instant.now());
            oldest = oldest.isNegative() ? Duration.ZERO : oldest;
        } else if (waiting > 0) {
            oldest = Duration.ZERO;
        }
        return new QueueStats(waiting, oldest, inFlight, scheduledRetries, deadLetters);
    }

    static Set<String> headerValues(Chain main, Chain retry, DeadLetterStore deadLetters, String name) throws IOException {
        Set<String> values = new HashSet<>();
        Chain.Visitor visitor = (buffer, at, position, length) -> {
            if (kind(getLongVolatile(buffer, at + FRAME_STATE)) != DONE) {
                String value = Frames.headers(buffer, at).get(name);
                if (value != null) {
                    values.add(value);
                }
            }
            return true;
        };
        main.walk(main.lowWater(), true, visitor);
        retry.walk(retry.lowWater(), true, visitor);
        for (DeadLetter deadLetter : deadLetters.list(Integer.MAX_VALUE)) {
            String value = deadLetter.headers().get(name);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }
}
