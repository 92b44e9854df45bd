package io.ipsync.redis.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.test.RedisServer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.models.stream.PendingMessage;
import java.util.List;

/**
 * What a test sees of a queue on its server, read with the test's own connection as any other
 * program would, by the layout of the {@code io.ipsync.redis} package documentation: the stream
 * {@code {ipsync:<name>}:stream} read by the group {@code ipsync}, the schedule {@code :retry} and
 * the dead letters {@code :dead}.
 */
final class RedisQueueState {

    private static final String GROUP = "ipsync";

    private final RedisServer redis;

    private final String queue;

    RedisQueueState(RedisServer redis, String queue) {
        this.redis = redis;
        this.queue = queue;
    }

    String name() {
        return queue;
    }

    /** The queue's address as the child processes take it: {@code redis://127.0.0.1:<port>/<name>}. */
    String address() {
        return redis.uri() + "/" + queue;
    }

    /** Entries in the stream: waiting, or delivered and not yet acknowledged (acknowledged ones are deleted). */
    long entries() {
        return redis.commands().xlen(key("stream"));
    }

    /** The entries pending in the group: held by a consumer, or by {@code ~scheduled}. */
    List<PendingMessage> pending() {
        if (redis.commands().exists(key("stream")) == 0) {
            return List.of();
        }
        return redis.commands().xpending(key("stream"), GROUP, Range.create("-", "+"), Limit.from(1000));
    }

    long scheduled() {
        return redis.commands().zcard(key("retry"));
    }

    long deadLetters() {
        return redis.commands().xlen(key("dead"));
    }

    /** Asserts that nothing waits, is held, scheduled or dead. */
    void assertNothingLeft() {
        assertThat(pending()).as("messages held").isEmpty();
        assertThat(entries()).as("messages in the stream").isZero();
        assertThat(scheduled()).as("messages scheduled").isZero();
        assertThat(deadLetters()).as("dead letters").isZero();
    }

    private String key(String part) {
        return "{ipsync:" + queue + "}:" + part;
    }
}
