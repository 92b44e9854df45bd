package io.ipsync.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.validation.Validator;

/**
 * Makes the {@link InvocableHandlerMethod} through which each {@code @IpsyncListener} method is
 * called, with spring-messaging's {@link DefaultMessageHandlerMethodFactory} as
 * {@code @KafkaListener} and {@code @JmsListener} methods are: the application's custom argument
 * resolvers first, then ipsync's ({@code MessageMetadata}, {@code ReceivedMessage}), then
 * spring-messaging's ({@code @Header}, {@code @Headers}, {@code Message<T>}, and the payload,
 * read by {@link JsonPayloadMessageConverter} and validated when it is {@code @Valid} or
 * {@code @Validated} and a validator is given). Auto-configured; thread-safe.
 */
public class IpsyncListenerMethodFactory {

    private final ResolverKeepingFactory delegate = new ResolverKeepingFactory();

    private final List<HandlerMethodArgumentResolver> customResolvers;

    /**
     * @param beanFactory resolves placeholders in {@code @Header} default values; may be {@code null}
     * @param validator validates {@code @Valid} payloads; {@code null} for none (the annotation is then ignored)
     * @param customResolvers the application's argument resolvers, asked first
     */
    public IpsyncListenerMethodFactory(BeanFactory beanFactory, Validator validator,
            List<HandlerMethodArgumentResolver> customResolvers) {
        this.customResolvers = List.copyOf(customResolvers);
        List<HandlerMethodArgumentResolver> first = new ArrayList<>(this.customResolvers);
        first.add(new ReceivedMessageArgumentResolver());
        delegate.setCustomArgumentResolvers(first);
        delegate.setMessageConverter(new JsonPayloadMessageConverter());
        if (validator != null) {
            delegate.setValidator(validator);
        }
        if (beanFactory != null) {
            delegate.setBeanFactory(beanFactory);
        }
        delegate.afterPropertiesSet();
    }

    /** The method, ready to be invoked with a message. */
    public InvocableHandlerMethod createInvocableHandlerMethod(Object bean, Method method) {
        if (KotlinDetector.isSuspendingFunction(method)) {
            return new SuspendingHandlerMethod(bean, method, delegate.resolvers);
        }
        return delegate.createInvocableHandlerMethod(bean, method);
    }

    /** Whether one of the application's own resolvers fills the parameter. */
    boolean isCustomResolved(MethodParameter parameter) {
        for (HandlerMethodArgumentResolver resolver : customResolvers) {
            if (resolver.supportsParameter(parameter)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the resolvers it builds, for the suspending functions it cannot make itself. */
    private static final class ResolverKeepingFactory extends DefaultMessageHandlerMethodFactory {

        private List<HandlerMethodArgumentResolver> resolvers = List.of();

        @Override
        protected List<HandlerMethodArgumentResolver> initArgumentResolvers() {
            List<HandlerMethodArgumentResolver> built = super.initArgumentResolvers();
            resolvers = List.copyOf(built);
            return built;
        }
    }
}
