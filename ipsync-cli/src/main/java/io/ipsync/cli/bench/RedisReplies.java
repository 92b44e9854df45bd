package io.ipsync.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits for the answers of the bench's own Lettuce commands (backlogs, bare loops, clean-up). */
final class RedisReplies {

    /** Generous, for a loaded machine: a command that takes this long has failed. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private RedisReplies() {
    }

    /**
     * The answer to one command.
     *
     * @param what what the command does, for the error: {@code "XADD to the backlog"}
     * @throws BenchFailure when the command failed or the server did not answer within {@link #LONGEST_WAIT}
     */
    static <T> T await(Future<T> answer, String what) throws InterruptedException {
        try {
            return answer.get(LONGEST_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new BenchFailure("Redis refused to " + what + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new BenchFailure("Redis did not answer within " + LONGEST_WAIT.toSeconds() + " s to " + what);
        }
    }

    /** Waits for every answer, in order, as {@link #await}. */
    static void awaitAll(List<? extends Future<?>> answers, String what) throws InterruptedException {
        for (Future<?> answer : answers) {
            await(answer, what);
        }
    }
}
