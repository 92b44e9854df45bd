package io.ipsync.spi;

import java.util.Objects;

/**
 * Why a message was set aside, recorded beside the dead letter.
 *
 * @param description a sentence for the operator, for example {@code "malformed JSON: ..."}
 * @param cause the exception behind it, or {@code null}
 */
public record DeadLetterReason(String description, Throwable cause) {

    public DeadLetterReason {
        Objects.requireNonNull(description, "description");
    }

    public static DeadLetterReason of(String description) {
        return new DeadLetterReason(description, null);
    }
}
