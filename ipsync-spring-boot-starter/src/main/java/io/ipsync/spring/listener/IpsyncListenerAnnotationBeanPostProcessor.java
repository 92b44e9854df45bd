package io.ipsync.spring.listener;

import io.ipsync.spring.annotation.IpsyncListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link IpsyncListener} methods on every bean, resolves each into an
 * {@link IpsyncListenerEndpoint} (failing fast on a bad one), and hands the endpoints to the
 * {@link IpsyncListenerEndpointRegistry} once all singletons exist. It only discovers: it starts
 * no thread and opens no channel; the registry starts the containers with the context's
 * lifecycle. A bean created later (a {@code @Lazy} one) has its endpoints handed over at once,
 * and the registry starts them if it is already running.
 */
public class IpsyncListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    /** The bean name under which the auto-configuration registers this post-processor. */
    public static final String BEAN_NAME = "io.ipsync.spring.listener.internalIpsyncListenerAnnotationProcessor";

    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

    /** Guarded by itself. */
    private final List<IpsyncListenerEndpoint> pending = new ArrayList<>();

    /** Guarded by {@link #pending}: once set, endpoints go to the registry as they are found. */
    private boolean singletonsInstantiated;

    private ConfigurableListableBeanFactory beanFactory;

    private IpsyncListenerEndpointResolver resolver;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
        this.resolver = new IpsyncListenerEndpointResolver(this.beanFactory);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(targetClass)) {
            return bean;
        }
        Map<Method, IpsyncListener> annotated = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<IpsyncListener>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, IpsyncListener.class));
        if (annotated.isEmpty()) {
            classesWithoutListeners.add(targetClass);
            return bean;
        }
        annotated.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            IpsyncListenerEndpoint endpoint = resolver.resolve(annotation, bean, beanName, invocable, targetClass);
            synchronized (pending) {
                if (!singletonsInstantiated) {
                    pending.add(endpoint);
                    return;
                }
            }
            beanFactory.getBean(IpsyncListenerEndpointRegistry.class).registerListenerContainer(endpoint);
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<IpsyncListenerEndpoint> endpoints;
        synchronized (pending) {
            endpoints = List.copyOf(pending);
            pending.clear();
            singletonsInstantiated = true;
        }
        if (endpoints.isEmpty()) {
            return;
        }
        IpsyncListenerEndpointRegistry registry = beanFactory.getBean(IpsyncListenerEndpointRegistry.class);
        for (IpsyncListenerEndpoint endpoint : endpoints) {
            registry.registerListenerContainer(endpoint);
        }
    }
}
