package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.actuate.MicrometerQueueObserver;
import io.ipsync.spring.actuate.QueueMetrics;
import io.ipsync.spring.actuate.QueueStatsCache;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of every ipsync queue, when the application has a {@link MeterRegistry}:
 * counters of messages sent, received, failed and dead-lettered, a timer of handling time, and
 * gauges of depth and oldest message age, each tagged {@code queue=<channel name>}. The gauges read
 * the shared {@link QueueStatsCache}: a scrape lists no queue directory that was read within
 * {@code ipsync.stats-cache-ttl}.
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        IpsyncAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean(MeterRegistry.class)
public final class IpsyncMetricsAutoConfiguration {

    /** Picked up by {@link io.ipsync.spring.channel.IpsyncChannelFactory} for every queue it opens. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(IpsyncChannels.class)
    MicrometerQueueObserver ipsyncMicrometerQueueObserver(MeterRegistry registry, IpsyncChannels channels,
            IpsyncTransports transports) {
        return new MicrometerQueueObserver(registry, channels, transports::location);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(IpsyncChannels.class)
    QueueMetrics ipsyncQueueMetrics(IpsyncChannels channels, QueueStatsCache queueStats) {
        List<ChannelDefinition> queues = channels.all().stream()
                .filter(channel -> channel.kind() == ChannelKind.QUEUE)
                .toList();
        return new QueueMetrics(queues, queueStats);
    }
}
