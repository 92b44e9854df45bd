package io.ipsync.spring.listener;

import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Fills the parameters of the two types ipsync gives a queue listener besides its payload,
 * {@link MessageMetadata} and {@link ReceivedMessage}, from the message's
 * {@link IpsyncHeaders#METADATA} and {@link IpsyncHeaders#RECEIVED_MESSAGE} headers.
 */
final class ReceivedMessageArgumentResolver implements HandlerMethodArgumentResolver {

    static boolean supports(Class<?> type) {
        return type == MessageMetadata.class || type == ReceivedMessage.class;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return supports(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        String header = parameter.getParameterType() == MessageMetadata.class ? IpsyncHeaders.METADATA
                : IpsyncHeaders.RECEIVED_MESSAGE;
        return message.getHeaders().get(header);
    }
}
