package io.ipsync.spring.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives test classes annotated with {@link IpsyncTest @IpsyncTest} (also through an enclosing
 * class or a meta-annotation) their {@link IpsyncTestContextCustomizer}. Registered by the
 * annotation itself, so it is asked only about tests that use it.
 */
final class IpsyncTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, IpsyncTest.class)) {
            return null;
        }
        return new IpsyncTestContextCustomizer();
    }
}
