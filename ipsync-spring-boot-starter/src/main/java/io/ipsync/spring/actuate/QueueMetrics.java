package io.ipsync.spring.actuate;

import io.ipsync.QueueStats;
import io.ipsync.spring.channel.ChannelDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gauges of each configured queue, read when the registry is scraped:
 * {@code ipsync.queue.depth} (messages waiting, including scheduled retries) and
 * {@code ipsync.queue.oldest.age} (how long the oldest waiting message has waited).
 *
 * <p>Both come from the {@link QueueStatsCache}: one scrape reads each queue once at most, and a
 * scrape within its time to live of the last reading (by these gauges, the health indicator or the
 * endpoint) reads nothing.
 */
public class QueueMetrics implements MeterBinder {

    private final List<ChannelDefinition> queues;

    private final QueueStatsCache stats;

    /**
     * @param queues the configured queues
     * @param stats their counters, read through the shared cache
     */
    public QueueMetrics(List<ChannelDefinition> queues, QueueStatsCache stats) {
        this.queues = List.copyOf(queues);
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ChannelDefinition channel : queues) {
            String name = channel.name();
            Gauge.builder("ipsync.queue.depth", stats, cache -> depth(cache.get(name)))
                    .description("Messages waiting to be taken, including scheduled retries")
                    .tag(MicrometerQueueObserver.TAG, name)
                    .register(registry);
            TimeGauge.builder("ipsync.queue.oldest.age", stats, TimeUnit.MILLISECONDS,
                            cache -> oldestAgeMillis(cache.get(name)))
                    .description("How long the oldest waiting message has waited")
                    .tag(MicrometerQueueObserver.TAG, name)
                    .register(registry);
        }
    }

    private static double depth(QueueStats stats) {
        return stats.waiting() + stats.scheduledRetries();
    }

    private static double oldestAgeMillis(QueueStats stats) {
        Duration age = stats.oldestWaitingAge();
        return age == null ? 0 : age.toMillis();
    }
}
