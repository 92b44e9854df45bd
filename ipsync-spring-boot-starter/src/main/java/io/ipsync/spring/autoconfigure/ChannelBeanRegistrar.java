package io.ipsync.spring.autoconfigure;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.channel.IpsyncChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one bean per configured channel, named after its entry and typed as its core class
 * ({@link Event}, {@link JsonDataEvent}, {@link JsonDataQueue}), plus the {@link IpsyncChannels}
 * bean that lists them. A bean of the same name that the application defines itself wins: the
 * channel bean is not registered.
 *
 * <p>Channel beans are created on first use by {@link IpsyncChannelFactory}, so they get the
 * application's {@code JsonMapper}, and are closed with the context.
 */
class ChannelBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

    static final String CHANNELS_BEAN_NAME = "ipsyncChannels";

    private static final Logger log = LoggerFactory.getLogger(ChannelBeanRegistrar.class);

    private Environment environment;

    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        IpsyncProperties properties = Binder.get(environment).bind("ipsync", IpsyncProperties.class)
                .orElseGet(IpsyncProperties::new);
        IpsyncChannels channels = new IpsyncChannels(new ChannelDefinitionResolver(properties).resolve());
        if (!registry.containsBeanDefinition(CHANNELS_BEAN_NAME)) {
            RootBeanDefinition definition = new RootBeanDefinition(IpsyncChannels.class);
            definition.setInstanceSupplier(() -> channels);
            registry.registerBeanDefinition(CHANNELS_BEAN_NAME, definition);
        }
        for (ChannelDefinition channel : channels.all()) {
            if (registry.containsBeanDefinition(channel.name())) {
                log.debug("Not registering {}: the application defines a bean named '{}'", channel.describe(), channel.name());
                continue;
            }
            registry.registerBeanDefinition(channel.name(), beanDefinition(channel));
        }
    }

    private RootBeanDefinition beanDefinition(ChannelDefinition channel) {
        RootBeanDefinition definition;
        switch (channel.kind()) {
            case EVENT -> {
                definition = new RootBeanDefinition(Event.class);
                definition.setInstanceSupplier(() -> factory().openEvent(channel));
            }
            case DATA_EVENT -> {
                definition = new RootBeanDefinition(JsonDataEvent.class);
                definition.setInstanceSupplier(() -> factory().openDataEvent(channel));
            }
            default -> {
                definition = new RootBeanDefinition(JsonDataQueue.class);
                definition.setInstanceSupplier(() -> factory().openQueue(channel));
            }
        }
        definition.setDestroyMethodName("close");
        definition.setDescription("ipsync " + channel.describe());
        return definition;
    }

    private IpsyncChannelFactory factory() {
        return beanFactory.getBean(IpsyncChannelFactory.class);
    }
}
