package io.ipsync.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One message to put: its JSON text and its headers.
 *
 * @param json UTF-8 JSON text, empty for null
 * @param headers the message's headers, checked by {@link MessageHeaders#check}; empty for none
 */
public record OutgoingMessage(byte[] json, Map<String, String> headers) {

    public OutgoingMessage {
        Objects.requireNonNull(json, "json");
        headers = MessageHeaders.check(headers);
    }

    /** A message without headers. */
    public OutgoingMessage(byte[] json) {
        this(json, Map.of());
    }
}
