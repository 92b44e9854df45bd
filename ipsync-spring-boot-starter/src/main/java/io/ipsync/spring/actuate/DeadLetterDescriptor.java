package io.ipsync.spring.actuate;

import io.ipsync.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One dead letter as the {@code ipsync} endpoint shows it: the same fields as
 * {@code ipsync dead show} prints.
 *
 * @param id the dead letter's id: what the endpoint's requeue and purge operations take
 * @param message the message's id in the queue when it was set aside
 * @param attempts how many deliveries it had
 * @param time when it was set aside (ISO-8601), or {@code null} where not recorded
 * @param reason why it was set aside
 * @param exception the exception behind it, as text, or {@code null}
 * @param headers the message's headers
 * @param payload the message's content as JSON (objects, arrays, text, numbers; {@code null} for an
 *     empty message), or {@code null} when it is not JSON or cannot be read
 * @param payloadText the content as text when it is not JSON, or {@code null}
 * @param unreadable whether the content cannot be read at all
 */
public record DeadLetterDescriptor(String id, String message, int attempts, String time, String reason,
        String exception, Map<String, String> headers, Object payload, String payloadText, boolean unreadable) {

    /** Plain JSON in, plain Java values out: maps, lists, strings, numbers and booleans, whatever the endpoint's serializer. */
    private static final JsonMapper PAYLOAD_READER = JsonMapper.builder().build();

    /** The dead letter with its content. */
    public static DeadLetterDescriptor of(DeadLetter letter) {
        Object payload = null;
        String payloadText = null;
        if (letter.content() != null && letter.content().length > 0) {
            String text = new String(letter.content(), StandardCharsets.UTF_8);
            try {
                payload = PAYLOAD_READER.readValue(text, Object.class);
            } catch (JacksonException notJson) {
                payloadText = text;
            }
        }
        return new DeadLetterDescriptor(letter.id(), letter.messageId(), letter.attempts(), timeOf(letter),
                letter.reason(), letter.exception(), letter.headers(), payload, payloadText, letter.content() == null);
    }

    static String timeOf(DeadLetter letter) {
        return letter.time() == null ? null : letter.time().toString();
    }

    /**
     * A dead letter in a list, without its content and headers.
     *
     * @param id the dead letter's id
     * @param message the message's id in the queue when it was set aside
     * @param attempts how many deliveries it had
     * @param time when it was set aside (ISO-8601), or {@code null} where not recorded
     * @param reason why it was set aside
     * @param exception the exception behind it, as text, or {@code null}
     */
    public record Summary(String id, String message, int attempts, String time, String reason, String exception) {

        /** The dead letter without its content. */
        public static Summary of(DeadLetter letter) {
            return new Summary(letter.id(), letter.messageId(), letter.attempts(), timeOf(letter), letter.reason(),
                    letter.exception());
        }
    }
}
