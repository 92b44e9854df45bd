package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.IpsyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one bean per configured channel, named after its entry and typed as its core class
 * ({@link io.ipsync.Event}, {@link io.ipsync.JsonDataEvent}, {@link io.ipsync.JsonDataQueue}), plus the {@link IpsyncChannels}
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
                checkApplicationBean(channel);
                continue;
            }
            registry.registerBeanDefinition(channel.name(), beanDefinition(channel));
        }
    }

    /**
     * The application's own bean of a channel's name stands in for the channel bean, if it has the
     * channel's type; one of another type would silently hide the channel, so it fails startup.
     */
    private void checkApplicationBean(ChannelDefinition channel) {
        Class<?> type = beanFactory.getType(channel.name(), false);
        Class<?> expected = channel.kind().coreType();
        if (type != null && !expected.isAssignableFrom(type)) {
            throw new InvalidConfigurationPropertyValueException(channel.kind().propertyPrefix() + "." + channel.name(),
                    channel.where(), "the application already defines a bean named '" + channel.name() + "' of type "
                            + type.getName() + ", not " + expected.getName() + "; rename the channel or the bean");
        }
        log.debug("Not registering a bean for the {}: the application defines its own bean named '{}'",
                channel.describe(), channel.name());
    }

    private RootBeanDefinition beanDefinition(ChannelDefinition channel) {
        RootBeanDefinition definition = new RootBeanDefinition(channel.kind().coreType());
        definition.setInstanceSupplier(() -> open(channel));
        definition.setDestroyMethodName("close");
        definition.setDescription("ipsync " + channel.describe());
        return definition;
    }

    /**
     * Opens the channel; a failure (a queue path that is a file, a folder that cannot be created)
     * names the property that configures it, so that the operator knows which line to fix.
     */
    private AutoCloseable open(ChannelDefinition channel) {
        try {
            return factory().open(channel);
        } catch (IpsyncException e) {
            throw new IpsyncException("Cannot open the channel configured by " + channel.kind().propertyPrefix() + "."
                    + channel.name() + " (" + channel.where() + "): " + e.getMessage(), e);
        }
    }

    private IpsyncChannelFactory factory() {
        return beanFactory.getBean(IpsyncChannelFactory.class);
    }
}
