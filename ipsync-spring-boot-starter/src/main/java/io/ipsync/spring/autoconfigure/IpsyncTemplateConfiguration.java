package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.core.IpsyncOperations;
import io.ipsync.spring.core.IpsyncTemplate;
import io.ipsync.spring.observation.EventMetrics;
import io.ipsync.spring.observation.IpsyncTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.ipsync.spring.core.QueueReplies;
import io.ipsync.spring.core.RequestReply;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.listener.ListenerReplies;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The {@link IpsyncTemplate}, configured by {@code ipsync.template.*}; an application's own
 * {@link IpsyncOperations} bean replaces it. A default queue that is not a configured queue, or
 * transactional sends without spring-tx, fail startup naming the property. With
 * {@code ipsync.template.observation-enabled} its sends are observed in the application's
 * {@link ObservationRegistry} (none where it has none), named and tagged by its
 * {@link IpsyncTemplateObservationConvention} bean where it has one.
 */
@Configuration(proxyBeanMethods = false)
class IpsyncTemplateConfiguration {

    private static final String DEFAULT_QUEUE = "ipsync.template.default-queue";

    private static final String TRANSACTIONAL_SENDS = "ipsync.template.transactional-sends";

    private static final String REPLY_QUEUE = "ipsync.template.reply-queue";

    @Bean
    @ConditionalOnMissingBean(IpsyncOperations.class)
    IpsyncTemplate ipsyncTemplate(IpsyncChannels channels, BeanFactory beanFactory, IpsyncProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpsyncTemplateObservationConvention> observationConvention,
            ObjectProvider<EventMetrics> eventMetrics, ObjectProvider<RequestReply> requestReply) {
        IpsyncTemplateProperties settings = properties.getTemplate();
        IpsyncTemplate template = new IpsyncTemplate(channels, beanFactory);
        String defaultQueue = settings.getDefaultQueue();
        if (defaultQueue != null) {
            if (channels.find(defaultQueue).map(ChannelDefinition::kind).orElse(null) != ChannelKind.QUEUE) {
                throw new InvalidConfigurationPropertyValueException(DEFAULT_QUEUE, defaultQueue,
                        "must name a queue configured under ipsync.queues; the queues are " + queueNames(channels));
            }
            template.setDefaultQueue(defaultQueue);
        }
        if (settings.isTransactionalSends()) {
            ClassLoader classLoader = beanFactory instanceof ConfigurableBeanFactory configurable
                    ? configurable.getBeanClassLoader() : null;
            if (!ClassUtils.isPresent("org.springframework.transaction.support.TransactionSynchronizationManager",
                    classLoader)) {
                throw new InvalidConfigurationPropertyValueException(TRANSACTIONAL_SENDS, true,
                        "transactional sends need Spring's transactions: add org.springframework:spring-tx");
            }
            template.setTransactionalSends(true);
        }
        template.setEventMetrics(eventMetrics.getIfUnique(() -> EventMetrics.NONE));
        if (settings.isObservationEnabled()) {
            template.setObservationEnabled(true);
            template.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
            template.setObservationConvention(observationConvention.getIfUnique());
        }
        requestReply.ifAvailable(template::setRequestReply);
        return template;
    }

    /**
     * This instance's own reply queue for sendAndReceive, beside {@code ipsync.template.reply-queue};
     * deleted when the context closes.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(REPLY_QUEUE)
    @ConditionalOnMissingBean
    RequestReply ipsyncRequestReply(IpsyncChannels channels, IpsyncChannelFactory channelFactory,
            IpsyncProperties properties) {
        String replyQueue = properties.getTemplate().getReplyQueue();
        ChannelDefinition replies = channels.find(replyQueue).filter(channel -> channel.kind() == ChannelKind.QUEUE)
                .orElseThrow(() -> new InvalidConfigurationPropertyValueException(REPLY_QUEUE, replyQueue,
                        "must name a queue configured under ipsync.queues; the queues are " + queueNames(channels)));
        return new RequestReply(replies, channelFactory, properties.getShutdownTimeout());
    }

    /**
     * Where queue listeners' return values go: the message's reply address or the method's
     * {@code @SendTo} queue, sent through the application's {@link IpsyncOperations}.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ListenerReplies.class)
    QueueReplies ipsyncListenerReplies(IpsyncChannels channels, IpsyncOperations operations,
            IpsyncChannelFactory channelFactory) {
        return new QueueReplies(channels, operations, channelFactory);
    }

    private static String queueNames(IpsyncChannels channels) {
        return channels.all().stream().filter(channel -> channel.kind() == ChannelKind.QUEUE).map(ChannelDefinition::name)
                .toList().toString();
    }
}
