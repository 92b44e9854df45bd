package io.ipsync.spring.listener;

import java.lang.reflect.Method;
import java.util.List;
import org.springframework.core.CoroutinesUtils;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * A Kotlin {@code suspend} listener function, called as Spring calls suspending handler methods:
 * through {@link CoroutinesUtils#invokeSuspendingFunction}, which returns a {@code Mono} of its
 * result, waited for like any {@code Mono} ({@link ListenerResults}). Its last parameter, the
 * {@code Continuation}, is left to the coroutine machinery. Needs kotlin-reflect and
 * kotlinx-coroutines-reactor; {@link ListenerMethodSignature} refuses such a function at startup
 * without them.
 */
final class SuspendingHandlerMethod extends InvocableHandlerMethod {

    SuspendingHandlerMethod(Object bean, Method method, List<HandlerMethodArgumentResolver> resolvers) {
        super(bean, method);
        HandlerMethodArgumentResolverComposite composite = new HandlerMethodArgumentResolverComposite();
        composite.addResolver(new ContinuationArgumentResolver());
        composite.addResolvers(resolvers);
        setMessageMethodArgumentResolvers(composite);
    }

    @Override
    protected Object doInvoke(Object... args) {
        return CoroutinesUtils.invokeSuspendingFunction(getBridgedMethod(), getBean(), args);
    }

    /** Leaves the {@code Continuation} parameter empty: the coroutine machinery supplies it. */
    private static final class ContinuationArgumentResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return "kotlin.coroutines.Continuation".equals(parameter.getParameterType().getName());
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, Message<?> message) {
            return null;
        }
    }
}
