package io.ipsync.spring.autoconfigure;

import java.util.Objects;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * Registers the channel beans in an application started from AOT-generated code, from the
 * {@code ipsync.*} properties it runs with: a channel added, removed or moved after the build is
 * what the application gets, as on the JVM. The code that {@link ChannelBeansAotProcessor}
 * generates creates it, before the context refreshes; it registers the beans once every other
 * bean definition is there, so that an application's own bean of a channel's name still wins.
 *
 * <p>Public only because the generated code, in the application's package, creates it;
 * applications have no use for it.
 */
public final class ChannelBeanRuntimeRegistrar implements BeanDefinitionRegistryPostProcessor, PriorityOrdered {

    /** The name the generated code registers it under. */
    public static final String BEAN_NAME = "io.ipsync.spring.autoconfigure.internalChannelBeanRuntimeRegistrar";

    private final ConfigurableListableBeanFactory beanFactory;

    private final Environment environment;

    /**
     * @param beanFactory the application's bean factory, where the channel beans are registered
     * @param environment the environment the application runs with, which the channels are read from
     */
    public ChannelBeanRuntimeRegistrar(ConfigurableListableBeanFactory beanFactory, Environment environment) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ChannelBeanDefinitions.register(registry, beanFactory, environment);
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    /** First among the registry post-processors, so that the others see the channel beans. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
