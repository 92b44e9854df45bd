package io.ipsync.spring.autoconfigure;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the channel beans ({@link ChannelBeanDefinitions}) while the auto-configuration is
 * read, so that conditions on {@link io.ipsync.spring.channel.IpsyncChannels} (health, metrics,
 * the endpoint) see them. This is how it happens on the JVM, and during AOT processing; an
 * application started from AOT-generated code never reads configuration classes, and
 * {@link ChannelBeanRuntimeRegistrar} registers the channel beans instead.
 */
class ChannelBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

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
        ChannelBeanDefinitions.register(registry, beanFactory, environment);
    }
}
