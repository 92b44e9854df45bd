package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.actuate.ChannelHealthIndicator;
import io.ipsync.spring.actuate.QueueStatsCache;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Health of every ipsync channel, under {@code ipsync} in the health endpoint (one entry per
 * channel), when Spring Boot's health support is on the class path. Switched off with
 * {@code management.health.ipsync.enabled=false}. Queue counters come from the shared
 * {@link QueueStatsCache}, so a health check does not list a queue's directory each time.
 */
@AutoConfiguration(after = IpsyncAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(IpsyncChannels.class)
public final class IpsyncHealthContributorAutoConfiguration {

    // The health-module condition sits on the method, not the class: a class-level condition is
    // loaded even where the class condition fails, and its class is missing without spring-boot-health.
    @Bean
    @ConditionalOnMissingBean(name = "ipsyncHealthContributor")
    @ConditionalOnEnabledHealthIndicator("ipsync")
    HealthContributor ipsyncHealthContributor(IpsyncChannels channels, IpsyncProperties properties,
            ObjectProvider<IpsyncListenerEndpointRegistry> listeners, IpsyncChannelFactory channelFactory,
            QueueStatsCache queueStats) {
        Duration maxOldestMessageAge = properties.getHealth().getMaxOldestMessageAge();
        if (maxOldestMessageAge == null || maxOldestMessageAge.isNegative() || maxOldestMessageAge.isZero()) {
            throw new InvalidConfigurationPropertyValueException("ipsync.health.max-oldest-message-age", maxOldestMessageAge,
                    "a positive duration, such as 5m: a queue whose oldest message waited longer reports itself down");
        }
        Map<String, ChannelHealthIndicator> indicators = new LinkedHashMap<>();
        for (ChannelDefinition channel : channels.all()) {
            indicators.put(channel.name(), new ChannelHealthIndicator(channel, () -> channelFactory.health(channel),
                    channel.kind() == ChannelKind.QUEUE ? () -> queueStats.get(channel.name()) : null,
                    maxOldestMessageAge,
                    () -> listeners.stream().flatMap(registry -> registry.getListenerContainers().stream())
                            .anyMatch(container -> container.endpoint().channel().name().equals(channel.name()))));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
