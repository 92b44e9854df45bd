package io.ipsync.spring.listener;

import io.ipsync.NotRetryableException;
import java.util.stream.Collectors;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

/**
 * A {@code @Valid} (or {@code @Validated}) payload that failed Bean Validation: the listener
 * method was not called, and the message is dead-lettered on this attempt, since the same payload
 * fails the same way again. The message lists the violations, and so does the dead letter's
 * reason; the cause is spring-messaging's {@link MethodArgumentNotValidException} with the
 * {@link BindingResult}.
 */
public class InvalidPayloadException extends NotRetryableException {

    private static final long serialVersionUID = 1L;

    InvalidPayloadException(String listener, MethodArgumentNotValidException cause) {
        super("The payload for listener '" + listener + "' is not valid: " + violations(cause.getBindingResult()), cause);
    }

    private static String violations(BindingResult result) {
        if (result == null) {
            return "(no details)";
        }
        return result.getAllErrors().stream().map(error -> error instanceof FieldError field
                ? field.getField() + " " + field.getDefaultMessage() + " (was " + field.getRejectedValue() + ")"
                : error.getDefaultMessage()).collect(Collectors.joining("; "));
    }
}
