package io.ipsync.spring.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeType;

/**
 * Maps a spring-messaging message's headers to ipsync's string headers, as
 * {@link IpsyncOperations#send(String, org.springframework.messaging.Message)} documents.
 */
final class SpringMessageHeaders {

    private static final Logger log = LoggerFactory.getLogger(SpringMessageHeaders.class);

    private SpringMessageHeaders() {
    }

    static Map<String, String> toIpsync(MessageHeaders headers) {
        Map<String, String> mapped = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.equals(MessageHeaders.ID) || name.equals(MessageHeaders.TIMESTAMP) || value == null) {
                return;
            }
            if (value instanceof String text) {
                mapped.put(name, text);
            } else if (value instanceof Number || value instanceof Boolean || value instanceof Character
                    || value instanceof Enum<?> || value instanceof UUID || value instanceof MimeType) {
                mapped.put(name, value.toString());
            } else {
                log.debug("Not sending the header '{}': a {} is not carried as text", name, value.getClass().getName());
            }
        });
        return mapped;
    }
}
