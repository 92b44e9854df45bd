package io.ipsync.spring.autoconfigure;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.MicrometerQueueObserver;
import io.ipsync.spring.actuate.QueueMetrics;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
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
 * gauges of depth and oldest message age, each tagged {@code queue=<channel name>}.
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
    QueueMetrics ipsyncQueueMetrics(IpsyncChannels channels, BeanFactory beanFactory) {
        Map<ChannelDefinition, JsonDataQueue> queues = new LinkedHashMap<>();
        for (ChannelDefinition channel : channels.all()) {
            if (channel.kind() == ChannelKind.QUEUE) {
                queues.put(channel, beanFactory.getBean(channel.name(), JsonDataQueue.class));
            }
        }
        return new QueueMetrics(queues);
    }
}
