package io.ipsync.redis;

import io.ipsync.spi.MessageHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue message as the fields of its stream entry, the form every producer, in any language,
 * writes with {@code XADD <stream> * p <json> [h:<name> <value> ...]}:
 * <ul>
 * <li>{@value #PAYLOAD}: the payload, UTF-8 JSON text, empty for null; exactly once;
 * <li>{@value #HEADER_PREFIX}{@code <name>}: one header each, the value in UTF-8, names and values
 * as {@link MessageHeaders} allows them; a message without headers has no such field.
 * </ul>
 * No other field is allowed. An entry that breaks these rules, or whose payload is larger than the
 * queue's maximum message size, is read as unreadable: the consumer dead-letters it and goes on.
 */
final class MessageFields {

    /** The payload's field. */
    static final String PAYLOAD = "p";

    /** What each header's field starts with. */
    static final String HEADER_PREFIX = "h:";

    private static final byte[] PAYLOAD_FIELD = PAYLOAD.getBytes(StandardCharsets.UTF_8);

    private static final int SHOWN_NAME_LENGTH = 40;

    private MessageFields() {
    }

    /**
     * What one entry holds: the content and headers, or why they cannot be read.
     *
     * @param content the payload, or {@code null} when unreadable
     * @param headers the headers; empty when unreadable
     * @param unreadableReason why the entry cannot be read, or {@code null}
     */
    record Read(byte[] content, Map<String, String> headers, String unreadableReason) {

        static Read unreadable(String reason) {
            return new Read(null, Map.of(), reason);
        }
    }

    /** The field names and values of {@code XADD} for a message, the payload first. */
    static Object[] encode(byte[] json, Map<String, String> headers) {
        Object[] fields = new Object[2 + headers.size() * 2];
        fields[0] = PAYLOAD_FIELD;
        fields[1] = json;
        int i = 2;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            fields[i++] = (HEADER_PREFIX + header.getKey()).getBytes(StandardCharsets.UTF_8);
            fields[i++] = header.getValue().getBytes(StandardCharsets.UTF_8);
        }
        return fields;
    }

    /** Reads an entry's fields, given in order as name, value, name, value... */
    static Read decode(List<byte[]> fields, long maxMessageSize) {
        byte[] payload = null;
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            byte[] name = fields.get(i);
            byte[] value = fields.get(i + 1);
            if (java.util.Arrays.equals(name, PAYLOAD_FIELD)) {
                if (payload != null) {
                    return Read.unreadable("the payload field '" + PAYLOAD + "' appears more than once");
                }
                payload = value == null ? new byte[0] : value;
                continue;
            }
            String headerName = strictUtf8(name);
            if (headerName == null || !headerName.startsWith(HEADER_PREFIX)) {
                unexpected.add(shown(name));
                continue;
            }
            String headerValue = strictUtf8(value == null ? new byte[0] : value);
            String key = headerName.substring(HEADER_PREFIX.length());
            if (headerValue == null) {
                return Read.unreadable("the value of the header '" + shown(name) + "' is not UTF-8 text");
            }
            if (headers.put(key, headerValue) != null) {
                return Read.unreadable("the header field '" + shown(name) + "' appears more than once");
            }
        }
        String rule = " (a message has the field '" + PAYLOAD + "' and one field '" + HEADER_PREFIX
                + "<name>' per header, nothing else)";
        if (payload == null) {
            return Read.unreadable("no payload field '" + PAYLOAD + "'"
                    + (unexpected.isEmpty() ? "" : ", but the fields " + unexpected + rule));
        }
        if (!unexpected.isEmpty()) {
            return Read.unreadable("unexpected fields " + unexpected + rule);
        }
        if (payload.length > maxMessageSize) {
            return Read.unreadable("the payload has " + payload.length + " bytes, more than the maximum of " + maxMessageSize
                    + " (QueueOptions.maxMessageSize)");
        }
        try {
            return new Read(payload, MessageHeaders.check(headers), null);
        } catch (IllegalArgumentException e) {
            return Read.unreadable("headers unreadable: " + e.getMessage());
        }
    }

    /** A map body as Lettuce returns it, as the field list {@link #decode} takes. */
    static List<byte[]> flatten(Map<byte[], byte[]> body) {
        List<byte[]> fields = new ArrayList<>(body.size() * 2);
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            fields.add(field.getKey());
            fields.add(field.getValue());
        }
        return fields;
    }

    /** A field list as a Lua script returns it ({@code nil} values come as {@code null}). */
    static List<byte[]> fromScript(Object fields) {
        List<byte[]> list = new ArrayList<>();
        if (fields instanceof List<?> items) {
            for (Object item : items) {
                list.add(item instanceof byte[] bytes ? bytes : null);
            }
        }
        return list;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A field name for an error message: lenient UTF-8, control characters escaped, abbreviated. */
    static String shown(byte[] name) {
        String text = new String(name, StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < SHOWN_NAME_LENGTH; i++) {
            char c = text.charAt(i);
            shown.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > SHOWN_NAME_LENGTH ? shown + "..." : shown.toString();
    }
}
