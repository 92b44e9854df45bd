package io.ipsync.spring.autoconfigure;

import javax.lang.model.element.Modifier;
import org.springframework.aot.generate.GeneratedMethod;
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
        return (generationContext, code) -> {
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
}
