package io.ipsync.spring.autoconfigure;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.QueueStatsCache;
import java.time.Duration;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link QueueStatsCache} that the health indicator, the queue gauges and the endpoint
 * share, so that they read each queue's counters once per {@code ipsync.stats-cache-ttl} between
 * them, however often they are scraped. It reads nothing until asked, so it costs nothing where
 * no one asks (an application without Actuator).
 */
@Configuration(proxyBeanMethods = false)
class QueueStatsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    QueueStatsCache ipsyncQueueStatsCache(BeanFactory beanFactory, IpsyncProperties properties) {
        Duration timeToLive = properties.getStatsCacheTtl();
        if (timeToLive == null || timeToLive.isNegative()) {
            throw new InvalidConfigurationPropertyValueException("ipsync.stats-cache-ttl", timeToLive,
                    "a duration of zero or more, such as 1s: how long a reading of a queue's counters is shared");
        }
        // Looked up by name at each reading: the queue beans are registered from configuration.
        return new QueueStatsCache(queue -> beanFactory.getBean(queue, JsonDataQueue.class).stats(), timeToLive);
    }
}
