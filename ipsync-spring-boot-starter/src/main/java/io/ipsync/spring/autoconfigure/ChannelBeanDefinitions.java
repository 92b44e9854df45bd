package io.ipsync.spring.autoconfigure;

import io.ipsync.IpsyncException;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.channel.IpsyncChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers one bean per configured channel, named after its entry and typed as its core class
 * ({@link io.ipsync.Event}, {@link io.ipsync.JsonDataEvent}, {@link io.ipsync.JsonDataQueue}), plus the {@link IpsyncChannels}
 * bean that lists them, from the {@code ipsync.*} properties of the environment it is given. A
 * bean of the same name that the application defines itself wins: the channel bean is not
 * registered.
 *
 * <p>Channel beans are created on first use by {@link IpsyncChannelFactory}, so they get the
 * application's {@code JsonMapper}, and are closed with the context ({@code close}, inferred for
 * an {@link AutoCloseable}).
 *
 * <p>The definitions carry instance suppliers, which AOT processing cannot turn into code: they
 * are marked ({@link #isChannelBean}) so that {@link ChannelBeansAotProcessor} leaves them out of
 * the generated code and has them registered again at run time, from the run time's properties.
 */
final class ChannelBeanDefinitions {

    static final String CHANNELS_BEAN_NAME = "ipsyncChannels";

    /** Marks the definitions registered here. */
    private static final String REGISTERED_BY_IPSYNC = ChannelBeanDefinitions.class.getName() + ".registered";

    private static final Logger log = LoggerFactory.getLogger(ChannelBeanDefinitions.class);

    private ChannelBeanDefinitions() {
    }

    /**
     * Reads the channels configured in {@code environment} and registers their beans.
     *
     * @param beanFactory the factory the registry belongs to: it tells the type of an application
     *     bean of a channel's name, and opens channels through its {@link IpsyncChannelFactory}
     * @throws InvalidConfigurationPropertyValueException naming the property of an invalid entry
     */
    static void register(BeanDefinitionRegistry registry, BeanFactory beanFactory, Environment environment) {
        IpsyncProperties properties = Binder.get(environment).bind("ipsync", IpsyncProperties.class)
                .orElseGet(IpsyncProperties::new);
        ClassLoader classLoader = beanFactory instanceof ConfigurableBeanFactory configurable
                && configurable.getBeanClassLoader() != null
                ? configurable.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
        IpsyncChannels channels = new IpsyncChannels(new ChannelDefinitionResolver(properties, classLoader).resolve());
        if (!registry.containsBeanDefinition(CHANNELS_BEAN_NAME)) {
            RootBeanDefinition definition = new RootBeanDefinition(IpsyncChannels.class);
            definition.setInstanceSupplier(() -> channels);
            definition.setAttribute(REGISTERED_BY_IPSYNC, Boolean.TRUE);
            registry.registerBeanDefinition(CHANNELS_BEAN_NAME, definition);
        }
        for (ChannelDefinition channel : channels.all()) {
            if (registry.containsBeanDefinition(channel.name())) {
                checkApplicationBean(channel, beanFactory);
                continue;
            }
            registry.registerBeanDefinition(channel.name(), beanDefinition(channel, beanFactory));
        }
    }

    /** Whether {@link #register} registered this definition (an application's bean of a channel's name is not). */
    static boolean isChannelBean(BeanDefinition definition) {
        return Boolean.TRUE.equals(definition.getAttribute(REGISTERED_BY_IPSYNC));
    }

    /**
     * The application's own bean of a channel's name stands in for the channel bean, if it has the
     * channel's type; one of another type would silently hide the channel, so it fails startup.
     */
    private static void checkApplicationBean(ChannelDefinition channel, BeanFactory beanFactory) {
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

    private static RootBeanDefinition beanDefinition(ChannelDefinition channel, BeanFactory beanFactory) {
        RootBeanDefinition definition = new RootBeanDefinition(channel.kind().coreType());
        definition.setInstanceSupplier(() -> open(channel, beanFactory));
        definition.setDestroyMethodName("close");
        definition.setDescription("ipsync " + channel.describe());
        definition.setAttribute(REGISTERED_BY_IPSYNC, Boolean.TRUE);
        return definition;
    }

    /**
     * Opens the channel; a failure (a queue path that is a file, a folder that cannot be created)
     * names the property that configures it, so that the operator knows which line to fix.
     */
    private static AutoCloseable open(ChannelDefinition channel, BeanFactory beanFactory) {
        try {
            return beanFactory.getBean(IpsyncChannelFactory.class).open(channel);
        } catch (IpsyncException e) {
            throw new IpsyncException("Cannot open the channel configured by " + channel.kind().propertyPrefix() + "."
                    + channel.name() + " (" + channel.where() + "): " + e.getMessage(), e);
        }
    }
}
