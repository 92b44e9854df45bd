package io.ipsync.spring.autoconfigure;

import io.ipsync.QueueObserver;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spring.channel.ChannelAddressResolver;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.observation.ChannelSendObservations;
import io.ipsync.spring.observation.IpsyncTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration for ipsync: a bean per channel configured under {@code ipsync.events},
 * {@code ipsync.data-events} and {@code ipsync.queues}, the {@link io.ipsync.spring.core.IpsyncTemplate}
 * that sends to them by name, and the listener infrastructure that drives
 * {@link io.ipsync.spring.annotation.IpsyncListener @IpsyncListener} methods. Switched off with
 * {@code ipsync.enabled=false}.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "ipsync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IpsyncProperties.class)
@Import({ChannelBeanRegistrar.class, IpsyncListenerConfiguration.class, IpsyncTemplateConfiguration.class,
        QueueStatsConfiguration.class})
@ImportRuntimeHints(IpsyncRuntimeHints.class)
public final class IpsyncAutoConfiguration {

    /**
     * The transports channels can be configured on: files, and every transport whose
     * {@link TransportProvider} and {@link ChannelAddressResolver} beans are there (a transport
     * module's auto-configuration contributes them). A configured channel whose transport is not
     * among them fails startup here, naming the property that chose it and the module to add.
     */
    @Bean
    @ConditionalOnMissingBean
    IpsyncTransports ipsyncTransports(ObjectProvider<TransportProvider> providers,
            ObjectProvider<ChannelAddressResolver> resolvers, ObjectProvider<IpsyncChannels> channels,
            IpsyncProperties properties) {
        IpsyncTransports transports = new IpsyncTransports(providers.orderedStream().toList(),
                resolvers.orderedStream().toList());
        channels.ifAvailable(configured -> ChannelTransportCheck.requireTransports(configured, transports, properties));
        return transports;
    }

    /**
     * Opens channels through their transports, with the application's {@code JsonMapper} (so its
     * customisations apply) and with every {@link QueueObserver} bean (metrics). With
     * {@code ipsync.template.observation-enabled}, the puts on a queue's bean are observed as the
     * template's sends are.
     */
    @Bean
    @ConditionalOnMissingBean
    IpsyncChannelFactory ipsyncChannelFactory(ObjectProvider<JsonMapper> jsonMapper,
            ObjectProvider<QueueObserver> queueObservers, IpsyncTransports transports, IpsyncProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpsyncTemplateObservationConvention> observationConvention) {
        IpsyncChannelFactory factory = new IpsyncChannelFactory(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
                QueueObserver.all(queueObservers.orderedStream().toList()), transports);
        if (properties.getTemplate().isObservationEnabled()) {
            ChannelSendObservations observations = new ChannelSendObservations(
                    observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique());
            factory.setSendInterceptors(definition -> observations.forQueue(definition.name()));
        }
        return factory;
    }
}
