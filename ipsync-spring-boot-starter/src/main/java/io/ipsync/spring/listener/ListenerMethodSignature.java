package io.ipsync.spring.listener;

import io.ipsync.JsonPayload;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.scheduling.annotation.Async;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;

/**
 * What an {@code @IpsyncListener} method takes and returns, checked against its channel's kind
 * once at startup, so that a method that could never be called fails the application's start
 * rather than every message:
 * <ul>
 * <li>event: no parameters;
 * <li>data event: no parameter, or the value ({@code @Payload} optional);
 * <li>queue: the payload ({@code @Payload} optional) and/or a {@code Message<T>}, or the
 * {@link ReceivedMessage} alone; besides them any of {@link MessageMetadata}, {@code ReceivedMessage},
 * {@code @Header("name")} and {@code @Headers Map}.
 * </ul>
 * A parameter that one of the application's argument resolvers supports counts as none of these.
 * The method may return nothing or a value (ignored unless it is a reply), or work to wait for: a
 * {@link CompletionStage}, a {@link Future}, a single-value reactive type such as Reactor's
 * {@code Mono}, or be a Kotlin {@code suspend} function where kotlinx-coroutines-reactor is
 * there. A multi-value reactive type (a {@code Flux}) is refused: ipsync settles a message once,
 * when its work is done, and cannot tell when a stream of values is.
 */
public final class ListenerMethodSignature {

    private static final boolean COROUTINES_PRESENT = KotlinDetector.isKotlinReflectPresent()
            && ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", ListenerMethodSignature.class.getClassLoader());

    private enum Role { PAYLOAD, MESSAGE, METADATA, RECEIVED, HEADER, CUSTOM, CONTINUATION }

    private final boolean suspending;

    private ListenerMethodSignature(boolean suspending) {
        this.suspending = suspending;
    }

    /** Whether the method is a Kotlin {@code suspend} function. */
    public boolean isSuspending() {
        return suspending;
    }

    /**
     * Checks the method against the channel.
     *
     * @param parameters the method's parameters as its {@code InvocableHandlerMethod} sees them
     *        (bound to the bean's class, so that generic types declared by a superclass resolve)
     * @param methodFactory tells which parameters the application's own argument resolvers fill
     * @throws InvalidIpsyncListenerException naming the method and the channel when the signature does not fit
     */
    public static ListenerMethodSignature of(Method method, MethodParameter[] parameters, Class<?> targetClass,
            ChannelDefinition channel, IpsyncListenerMethodFactory methodFactory) {
        return of(method, parameters, targetClass, channel, methodFactory, COROUTINES_PRESENT);
    }

    /**
     * Checks a batch listener ({@code batch = "true"}): a queue's, taking its batch as one
     * {@code List<T>} or {@code List<Message<T>>} parameter, besides headers and the parameters of
     * the application's own resolvers.
     *
     * @throws InvalidIpsyncListenerException naming the method and the channel when the signature does not fit
     */
    public static ListenerMethodSignature ofBatch(Method method, MethodParameter[] parameters, Class<?> targetClass,
            ChannelDefinition channel, IpsyncListenerMethodFactory methodFactory) {
        if (channel.kind() != ChannelKind.QUEUE) {
            throw invalid(method, channel, "batch listeners are for queues");
        }
        int lists = 0;
        for (MethodParameter parameter : parameters) {
            Role role = roleOf(parameter, methodFactory, false);
            if (role == Role.PAYLOAD && List.class.isAssignableFrom(parameter.getParameterType())) {
                lists++;
            } else if (role != Role.HEADER && role != Role.CUSTOM) {
                throw invalid(method, channel, "a batch listener takes its batch as one List<T> or List<Message<T>>"
                        + " parameter (and headers); " + parameter.getParameterType().getSimpleName()
                        + " is for listeners of one message per call");
            }
        }
        if (lists != 1) {
            throw invalid(method, channel, "a batch listener takes its batch as one List<T> or List<Message<T>> parameter");
        }
        checkReturnType(method, targetClass, channel, false, false);
        return new ListenerMethodSignature(false);
    }

    static ListenerMethodSignature of(Method method, MethodParameter[] parameters, Class<?> targetClass,
            ChannelDefinition channel, IpsyncListenerMethodFactory methodFactory, boolean coroutinesPresent) {
        boolean suspending = KotlinDetector.isSuspendingFunction(method);
        int[] counts = new int[Role.values().length];
        for (MethodParameter parameter : parameters) {
            Role role = roleOf(parameter, methodFactory, suspending && parameter.getParameterIndex() == parameters.length - 1);
            counts[role.ordinal()]++;
        }
        int payloads = counts[Role.PAYLOAD.ordinal()];
        int declared = parameters.length - counts[Role.CONTINUATION.ordinal()];
        switch (channel.kind()) {
            case EVENT -> {
                if (declared > 0) {
                    throw invalid(method, channel, "a listener of an event takes no parameters");
                }
            }
            case DATA_EVENT -> {
                if (declared - counts[Role.CUSTOM.ordinal()] > payloads) {
                    throw invalid(method, channel, "a listener of a data event takes at most the value; "
                            + "MessageMetadata, ReceivedMessage, Message<T> and headers are for queue messages");
                }
            }
            case QUEUE -> {
                if (payloads == 0 && counts[Role.MESSAGE.ordinal()] == 0 && counts[Role.RECEIVED.ordinal()] == 0) {
                    throw invalid(method, channel, "a listener of a queue takes the message's payload (or a Message<T>,"
                            + " or the ReceivedMessage) as a parameter");
                }
            }
        }
        if (payloads > 1) {
            throw invalid(method, channel, "it takes more than one payload parameter (a parameter that is not"
                    + " MessageMetadata, ReceivedMessage, Message<T>, @Header or @Headers is the payload)");
        }
        if (counts[Role.METADATA.ordinal()] > 1 || counts[Role.RECEIVED.ordinal()] > 1) {
            throw invalid(method, channel, "it takes more than one MessageMetadata or ReceivedMessage parameter");
        }
        checkReturnType(method, targetClass, channel, suspending, coroutinesPresent);
        return new ListenerMethodSignature(suspending);
    }

    private static Role roleOf(MethodParameter parameter, IpsyncListenerMethodFactory methodFactory, boolean continuation) {
        Class<?> type = parameter.getParameterType();
        if (continuation) {
            return Role.CONTINUATION;
        }
        if (methodFactory.isCustomResolved(parameter)) {
            return Role.CUSTOM;
        }
        if (type == MessageMetadata.class) {
            return Role.METADATA;
        }
        if (type == ReceivedMessage.class) {
            return Role.RECEIVED;
        }
        if (parameter.hasParameterAnnotation(Header.class) || parameter.hasParameterAnnotation(Headers.class)) {
            return Role.HEADER;
        }
        if (Message.class.isAssignableFrom(type)) {
            return Role.MESSAGE;
        }
        return Role.PAYLOAD;
    }

    private static void checkReturnType(Method method, Class<?> targetClass, ChannelDefinition channel, boolean suspending,
            boolean coroutinesPresent) {
        if (suspending && !coroutinesPresent) {
            throw invalid(method, channel, "it is a Kotlin suspend function, and calling one needs"
                    + " kotlinx-coroutines-reactor (org.jetbrains.kotlinx:kotlinx-coroutines-reactor) and kotlin-reflect"
                    + " (org.jetbrains.kotlin:kotlin-reflect), which are not both on the class path; add them, or make the"
                    + " function a plain one");
        }
        Class<?> returned = method.getReturnType();
        ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(returned);
        if (!suspending && adapter != null && adapter.isMultiValue()) {
            throw invalid(method, channel, "it returns a " + returned.getSimpleName() + ", a stream of values that"
                    + " ipsync cannot wait for (a message is settled once, when its work is done); return a Mono, a"
                    + " CompletableFuture or nothing");
        }
        if (isAsync(method, targetClass) && !returnsCompletion(method)) {
            throw invalid(method, channel, "it is @Async and returns nothing to wait for, so its message would be settled"
                    + " before the work is done; return a CompletableFuture, or drop @Async");
        }
    }

    /**
     * Whether a parameter of this type is a payload that the {@code JsonMapper} reads into (and so
     * needs reflection in a native image), rather than one that ipsync fills itself.
     */
    static boolean isMappedPayload(Class<?> parameterType) {
        return !ReceivedMessageArgumentResolver.supports(parameterType) && parameterType != JsonPayload.class
                && parameterType != String.class && !JsonNode.class.isAssignableFrom(parameterType)
                && !Message.class.isAssignableFrom(parameterType);
    }

    /** {@code Type.method(ParameterTypes)}, as error messages name a method. */
    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getGenericParameterTypes()).map(ListenerMethodSignature::simpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String simpleName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName().replaceAll("[\\w.]+\\.(\\w+)", "$1");
    }

    private static boolean isAsync(Method method, Class<?> targetClass) {
        Class<?> beanClass = targetClass != null ? targetClass : method.getDeclaringClass();
        return AnnotatedElementUtils.hasAnnotation(method, Async.class) || AnnotatedElementUtils.hasAnnotation(beanClass, Async.class);
    }

    private static boolean returnsCompletion(Method method) {
        Class<?> returned = method.getReturnType();
        return CompletionStage.class.isAssignableFrom(returned) || Future.class.isAssignableFrom(returned)
                || ReactiveAdapterRegistry.getSharedInstance().getAdapter(returned) != null;
    }

    private static InvalidIpsyncListenerException invalid(Method method, ChannelDefinition channel, String problem) {
        String expected = switch (channel.kind()) {
            case EVENT -> "void " + method.getName() + "()";
            case DATA_EVENT -> "void " + method.getName() + "(YourValue value) or void " + method.getName() + "()";
            case QUEUE -> "void " + method.getName() + "(YourMessage message), optionally with a MessageMetadata, "
                    + "a ReceivedMessage, @Header and @Headers parameters";
        };
        return new InvalidIpsyncListenerException(describe(method), channel.name(),
                "its signature does not fit the " + channel.describe() + ": " + problem,
                "Declare the method as " + expected + ".");
    }
}
