package io.ipsync.spring.actuate;

import io.ipsync.QueueStats;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of one channel: its directory is present and writable and, for a queue that this
 * application consumes, the oldest waiting message is younger than the threshold. Details give
 * the path and, for queues, the backlog, the oldest message's age, the messages in flight and in
 * retry, and the dead letters. A backlog older than the threshold in a queue that no listener of
 * this application takes from (a producer's view of it) and dead letters call for attention but
 * leave the channel up: a producer must not be taken out of service because a consumer elsewhere
 * is slow.
 */
public class ChannelHealthIndicator extends AbstractHealthIndicator {

    private final ChannelDefinition channel;

    private final Supplier<QueueStats> queueStats;

    private final Duration maxOldestMessageAge;

    private final BooleanSupplier consumedHere;

    /**
     * @param channel the channel
     * @param queueStats reads a queue's counters; {@code null} for events and data events
     * @param maxOldestMessageAge the age beyond which a waiting message makes a queue that this
     *     application consumes down
     * @param consumedHere whether a listener of this application takes from the queue (asked at
     *     each check: listeners may be registered late)
     */
    public ChannelHealthIndicator(ChannelDefinition channel, Supplier<QueueStats> queueStats, Duration maxOldestMessageAge,
            BooleanSupplier consumedHere) {
        super("ipsync health check failed for " + channel.describe());
        this.channel = channel;
        this.queueStats = queueStats;
        this.maxOldestMessageAge = maxOldestMessageAge;
        this.consumedHere = consumedHere;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Path directory = channel.kind() == ChannelKind.QUEUE ? channel.path() : channel.path().getParent();
        builder.withDetail("kind", channel.kind().description()).withDetail("path", channel.path().toString());
        if (!Files.isDirectory(directory)) {
            builder.down().withDetail("problem", "directory " + directory + " does not exist");
            return;
        }
        if (!Files.isWritable(directory)) {
            builder.down().withDetail("problem", "directory " + directory + " is not writable");
            return;
        }
        builder.up();
        if (channel.kind() == ChannelKind.EVENT || channel.kind() == ChannelKind.DATA_EVENT) {
            builder.withDetail("exists", Files.exists(channel.path()));
            return;
        }
        QueueStats stats = queueStats.get();
        builder.withDetail("waiting", stats.waiting())
                .withDetail("inFlight", stats.inFlight())
                .withDetail("scheduledRetries", stats.scheduledRetries())
                .withDetail("deadLetters", stats.deadLetters());
        if (stats.oldestWaitingAge() != null) {
            builder.withDetail("oldestWaitingAge", stats.oldestWaitingAge().toString());
            if (stats.oldestWaitingAge().compareTo(maxOldestMessageAge) > 0) {
                String tooOld = "the oldest message has waited " + stats.oldestWaitingAge()
                        + ", longer than ipsync.health.max-oldest-message-age (" + maxOldestMessageAge + ")";
                if (consumedHere.getAsBoolean()) {
                    builder.down().withDetail("problem", tooOld);
                } else {
                    builder.withDetail("backlog", tooOld + "; no listener of this application takes from this queue");
                }
            }
        }
        if (stats.deadLetters() > 0) {
            builder.withDetail("attention", stats.deadLetters() + " dead letter(s) wait to be looked at");
        }
    }
}
