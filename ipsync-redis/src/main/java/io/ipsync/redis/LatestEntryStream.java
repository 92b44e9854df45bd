package io.ipsync.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A stream that keeps only its latest entry, the storage of events and data events. Writers
 * append with {@code XADD <key> MAXLEN 1 * <fields>}, which trims the one before; the entry's id is
 * the version, and ids only grow, so a new entry always has a new version. Readers look at the
 * latest with {@code XREVRANGE <key> + - COUNT 1} and wait for the next with
 * {@code XREAD BLOCK <ms> STREAMS <key> <latest id seen>}, which returns at once if anything was
 * appended after it, also while the reader was busy or disconnected: changes coalesce, none is
 * lost, and every reader sees every change (a broadcast: nobody consumes anything).
 *
 * <p>Thread-safe.
 */
final class LatestEntryStream {

    private final ServerCalls calls;

    private final byte[] key;

    private final String kind;

    private final WakeSignal wakeUps = new WakeSignal();

    /** @param kind what a change is, for errors: {@code signal}, {@code value} */
    LatestEntryStream(ServerCalls calls, String key, String kind) {
        this.calls = calls;
        this.key = ChannelKeys.bytes(key);
        this.kind = kind;
    }

    /** Appends an entry, trimming the stream to it; returns its id. */
    String append(Object... fields) throws IOException {
        return calls.call("write a " + kind, commands -> commands.xadd(key, XAddArgs.Builder.maxlen(1), fields));
    }

    /** The latest entry, or {@code null} when there is none. */
    StreamMessage<byte[], byte[]> latest() throws IOException {
        List<StreamMessage<byte[], byte[]>> latest = calls.call("read the latest " + kind,
                commands -> commands.xrevrange(key, Range.create("-", "+"), Limit.from(1)));
        return latest.isEmpty() ? null : latest.get(0);
    }

    /**
     * Waits until the latest entry's id differs from {@code seen} and returns that entry; {@code null}
     * when the timeout passes, {@link #wakeUpWaiters()} is called or {@code stopWaiting} holds (asked
     * before each wait and after each wake-up).
     */
    @SuppressWarnings("unchecked") // Lettuce takes the streams to read as generic varargs
    StreamMessage<byte[], byte[]> awaitChange(String seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException {
        CompletableFuture<Void> wakeUp = wakeUps.current();
        long deadline = System.nanoTime() + Math.min(Math.max(0, timeoutNanos), Long.MAX_VALUE / 4);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for a " + kind);
            }
            if (stopWaiting.getAsBoolean() || wakeUp.isDone()) {
                return null;
            }
            StreamMessage<byte[], byte[]> latest = latest();
            if (latest != null && !latest.getId().equals(seen)) {
                return latest;
            }
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return null;
            }
            long blockMillis = Math.min(calls.settings().blockSlice().toMillis(), remainingMillis);
            String after = latest == null ? "0-0" : latest.getId();
            ServerCalls.Blocked<List<StreamMessage<byte[], byte[]>>> read = calls.blockingRead("wait for a " + kind, key,
                    blockMillis, wakeUp, commands -> commands.xread(XReadArgs.Builder.block(blockMillis).count(1),
                            XReadArgs.StreamOffset.from(key, after)));
            if (read.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for a " + kind);
            }
        }
    }

    void wakeUpWaiters() {
        wakeUps.wakeAll();
    }
}
