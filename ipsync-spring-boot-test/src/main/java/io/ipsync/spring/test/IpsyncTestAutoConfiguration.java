package io.ipsync.spring.test;

import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The beans {@link IpsyncTest @IpsyncTest} adds to a test context: the {@link QueueOutcomeRecorder}
 * (a {@code QueueObserver} bean, which the starter gives every queue it opens) and the
 * {@link IpsyncTestHarness}. Imported by the annotation only, never by an application's own
 * auto-configuration; off with {@code ipsync.enabled=false}, as the rest of ipsync.
 */
@AutoConfiguration(after = IpsyncAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "ipsync.enabled", matchIfMissing = true)
public final class IpsyncTestAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    QueueOutcomeRecorder ipsyncQueueOutcomeRecorder() {
        return new QueueOutcomeRecorder();
    }

    @Bean
    @ConditionalOnMissingBean
    IpsyncTestHarness ipsyncTestHarness(ObjectProvider<IpsyncChannels> channels, IpsyncTransports transports,
            BeanFactory beanFactory, QueueOutcomeRecorder recorder, ObjectProvider<JsonMapper> jsonMapper) {
        return new IpsyncTestHarness(channels.getIfAvailable(() -> new IpsyncChannels(List.of())), transports,
                beanFactory, recorder, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }
}
