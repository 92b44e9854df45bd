package io.ipsync.spring.actuate;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import io.ipsync.spring.channel.ChannelDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gauges of each configured queue, read when the registry is scraped:
 * {@code ipsync.queue.depth} (messages waiting, including scheduled retries) and
 * {@code ipsync.queue.oldest.age} (how long the oldest waiting message has waited).
 */
public class QueueMetrics implements MeterBinder {

    private final Map<ChannelDefinition, JsonDataQueue> queues;

    /** @param queues each configured queue's channel and its queue object */
    public QueueMetrics(Map<ChannelDefinition, JsonDataQueue> queues) {
        this.queues = Map.copyOf(queues);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        queues.forEach((channel, queue) -> {
            Gauge.builder("ipsync.queue.depth", queue, q -> q.size())
                    .description("Messages waiting to be taken, including scheduled retries")
                    .tag(MicrometerQueueObserver.TAG, channel.name())
                    .register(registry);
            TimeGauge.builder("ipsync.queue.oldest.age", queue, TimeUnit.MILLISECONDS, QueueMetrics::oldestAgeMillis)
                    .description("How long the oldest waiting message has waited")
                    .tag(MicrometerQueueObserver.TAG, channel.name())
                    .register(registry);
        });
    }

    private static double oldestAgeMillis(JsonDataQueue queue) {
        QueueStats stats = queue.stats();
        Duration age = stats.oldestWaitingAge();
        return age == null ? 0 : age.toMillis();
    }
}
