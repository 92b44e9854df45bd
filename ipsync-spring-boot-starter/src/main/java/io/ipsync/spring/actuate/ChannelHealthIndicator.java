package io.ipsync.spring.actuate;

import io.ipsync.ChannelAddress;
import io.ipsync.QueueStats;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.TransportHealth;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of one channel: its transport can serve it (for files, its directory is present and
 * writable; for a server, it answers) and, for a queue that this application consumes, the oldest
 * waiting message is younger than the threshold. Details give the transport and what it checked
 * (the path, the server) and, for queues, the backlog, the oldest message's age, the messages in
 * flight and in retry, and the dead letters. A backlog older than the threshold in a queue that no listener of
 * this application takes from (a producer's view of it) and dead letters call for attention but
 * leave the channel up: a producer must not be taken out of service because a consumer elsewhere
 * is slow.
 */
public class ChannelHealthIndicator extends AbstractHealthIndicator {

    private final ChannelDefinition channel;

    private final Supplier<TransportHealth> transportHealth;

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
        this(channel, () -> FileTransport.INSTANCE.health(ChannelAddress.file(channel.path(), channel.fileSettings()),
                channel.kind().transportKind()), queueStats, maxOldestMessageAge, consumedHere);
    }

    /**
     * @param channel the channel
     * @param transportHealth asks the channel's transport whether it can serve the channel
     * @param queueStats reads a queue's counters; {@code null} for events and data events
     * @param maxOldestMessageAge the age beyond which a waiting message makes a queue that this
     *     application consumes down
     * @param consumedHere whether a listener of this application takes from the queue (asked at
     *     each check: listeners may be registered late)
     */
    public ChannelHealthIndicator(ChannelDefinition channel, Supplier<TransportHealth> transportHealth,
            Supplier<QueueStats> queueStats, Duration maxOldestMessageAge, BooleanSupplier consumedHere) {
        super("ipsync health check failed for " + channel.describe());
        this.channel = channel;
        this.transportHealth = transportHealth;
        this.queueStats = queueStats;
        this.maxOldestMessageAge = maxOldestMessageAge;
        this.consumedHere = consumedHere;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("kind", channel.kind().description()).withDetail("transport", channel.transport());
        TransportHealth health = transportHealth.get();
        builder.withDetails(health.details());
        if (!health.up()) {
            builder.down().withDetail("problem", health.problem());
            return;
        }
        builder.up();
        if (channel.kind() == ChannelKind.EVENT || channel.kind() == ChannelKind.DATA_EVENT) {
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
