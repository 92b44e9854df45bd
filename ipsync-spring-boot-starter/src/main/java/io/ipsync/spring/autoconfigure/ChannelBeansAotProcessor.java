package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.channel.IpsyncChannels;
import javax.lang.model.element.Modifier;
import org.springframework.aot.generate.GeneratedMethod;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes the channel beans work under AOT processing. Their definitions come from configuration
 * read at startup and carry instance suppliers, which AOT processing cannot turn into code; and
 * baking them into the generated code would fix the channels at build time. So this processor
 * leaves them out of the generated bean definitions, and adds to the generated initialization a
 * {@link ChannelBeanRuntimeRegistrar}, which registers them again at run time from the
 * properties the application runs with, as {@link ChannelBeanRegistrar} does on the JVM.
 *
 * <p>A {@link org.springframework.beans.factory.BeanRegistrar} would not do: its registry cannot
 * tell whether the application defines a bean of a channel's name, which then wins.
 */
class ChannelBeansAotProcessor implements BeanFactoryInitializationAotProcessor, BeanRegistrationExcludeFilter {

    @Override
    public boolean isExcludedFromAotProcessing(RegisteredBean registeredBean) {
        return ChannelBeanDefinitions.isChannelBean(registeredBean.getMergedBeanDefinition());
    }

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBeanDefinition(IpsyncAutoConfiguration.class.getName())) {
            return null;
        }
        IpsyncChannels channels = beanFactory.getBeanProvider(IpsyncChannels.class).getIfUnique();
        return (generationContext, code) -> {
            registerNotRetryableExceptions(channels, generationContext.getRuntimeHints());
            GeneratedMethod method = code.getMethods().add("registerIpsyncChannelBeans", builder -> builder
                    .addJavadoc("Register the ipsync channel beans from the properties the application runs with.")
                    .addModifiers(Modifier.PRIVATE)
                    .addParameter(DefaultListableBeanFactory.class, "beanFactory")
                    .addParameter(ConfigurableEnvironment.class, "environment")
                    .addStatement("beanFactory.registerSingleton($S, new $T(beanFactory, environment))",
                            ChannelBeanRuntimeRegistrar.BEAN_NAME, ChannelBeanRuntimeRegistrar.class));
            code.addInitializer(method.toMethodReference());
        };
    }

    /**
     * The exception classes that the build's properties name as not retryable are loaded by name
     * at run time: a native image finds them by their hint. A class named only by the run's
     * properties has none, and fails startup naming its property.
     */
    private static void registerNotRetryableExceptions(IpsyncChannels channels, RuntimeHints hints) {
        if (channels == null) {
            return;
        }
        channels.all().stream()
                .flatMap(channel -> channel.notRetryable().stream())
                .distinct()
                .forEach(type -> hints.reflection().registerType(type));
    }
}
