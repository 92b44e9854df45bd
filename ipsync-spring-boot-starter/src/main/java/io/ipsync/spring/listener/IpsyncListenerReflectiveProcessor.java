package io.ipsync.spring.listener;

import java.lang.reflect.Method;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

/**
 * The reflection a native image needs for an {@link io.ipsync.spring.annotation.IpsyncListener}
 * method, found by Spring's AOT processing on every bean class: the method itself, which the
 * listener container invokes, and the types its payload parameter is read into by the
 * {@code JsonMapper} (with their fields, accessors and nested types, as Spring registers them for
 * {@code @RequestBody}). The parameters ipsync fills itself ({@code MessageMetadata},
 * {@code ReceivedMessage}, and payloads taken as {@code JsonPayload}, {@code String} or a
 * {@code JsonNode}) need none.
 *
 * <p>Public because Spring creates it from the annotation; applications have no use for it.
 */
public class IpsyncListenerReflectiveProcessor extends SimpleReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (int i = 0; i < method.getParameterCount(); i++) {
            Class<?> type = method.getParameterTypes()[i];
            if (org.springframework.messaging.Message.class.isAssignableFrom(type)) {
                Class<?> payload = org.springframework.core.ResolvableType.forMethodParameter(method, i)
                        .as(org.springframework.messaging.Message.class).getGeneric(0).resolve(Object.class);
                if (ListenerMethodSignature.isMappedPayload(payload) && payload != Object.class) {
                    bindingRegistrar.registerReflectionHints(hints, org.springframework.core.ResolvableType
                            .forMethodParameter(method, i).as(org.springframework.messaging.Message.class).getGeneric(0)
                            .getType());
                }
            } else if (ListenerMethodSignature.isMappedPayload(type)) {
                bindingRegistrar.registerReflectionHints(hints, method.getGenericParameterTypes()[i]);
            }
        }
    }
}
