package io.ipsync.spring.autoconfigure;

import io.ipsync.spring.annotation.IpsyncListener;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps beans with {@link IpsyncListener @IpsyncListener} methods eager under
 * {@code spring.main.lazy-initialization=true}, as Spring Boot does for {@code @Scheduled} beans:
 * such a bean is often injected nowhere, so if it were lazy it would never be created and its
 * listeners never found. The bean's type is what the context knows before creating it; a
 * {@code @Bean} method declared to return a type without the listener methods is not recognised
 * (declare the concrete type, or mark the bean {@code @Lazy(false)}).
 */
final class ListenerBeanLazyInitializationExcludeFilter implements LazyInitializationExcludeFilter {

    @Override
    public boolean isExcluded(String beanName, BeanDefinition beanDefinition, Class<?> beanType) {
        return beanType != null && hasListenerMethods(beanType);
    }

    private static boolean hasListenerMethods(Class<?> type) {
        if (!AnnotationUtils.isCandidateClass(type, IpsyncListener.class)) {
            return false;
        }
        return !MethodIntrospector.selectMethods(type,
                (ReflectionUtils.MethodFilter) method -> AnnotatedElementUtils.hasAnnotation(method, IpsyncListener.class))
                .isEmpty();
    }
}
