package io.ipsync.spring.autoconfigure;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.IpsyncEndpoint;
import io.ipsync.spring.actuate.QueueStatsCache;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code ipsync} actuator endpoint, when Actuator is on the class path and the endpoint is
 * exposed ({@code management.endpoints.web.exposure.include=ipsync}). Its access is read-only by
 * default; {@code management.endpoint.ipsync.access=unrestricted} adds the operations that re-drive
 * and purge dead letters and pause, resume, stop and start listeners.
 */
@AutoConfiguration(after = IpsyncAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(IpsyncChannels.class)
public final class IpsyncEndpointAutoConfiguration {

    // The Actuator condition sits on the method, not the class: a class-level condition is loaded
    // even where the class condition fails, and its class is missing without Actuator.
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(IpsyncEndpoint.class)
    IpsyncEndpoint ipsyncEndpoint(IpsyncChannels channels, ObjectProvider<IpsyncListenerEndpointRegistry> registry,
            BeanFactory beanFactory, IpsyncTransports transports, QueueStatsCache queueStats) {
        return new IpsyncEndpoint(channels, registry.getIfAvailable(),
                name -> beanFactory.getBean(name, JsonDataQueue.class), transports::location, queueStats);
    }
}
