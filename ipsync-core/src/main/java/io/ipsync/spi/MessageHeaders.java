package io.ipsync.spi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules every message's headers follow, whatever the transport: a small map of strings
 * beside the JSON payload, for tracing context, reply addresses, content types, ordering keys and
 * the application's own.
 *
 * <ul>
 * <li>a name is 1 to {@value #MAX_NAME_LENGTH} characters, none of them a control character;
 * <li>a value is any string without a NUL character ({@code null} is not a value);
 * <li>all names and values together take at most {@value #MAX_TOTAL_BYTES} bytes in UTF-8, so that
 * they fit where every transport keeps them (for files, an extended attribute: 4 KiB on ext4);
 * <li>names starting with {@value #RESERVED_PREFIX} are ipsync's own.
 * </ul>
 * Order is kept as given.
 */
public final class MessageHeaders {

    /** The longest header name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    /** The most bytes all names and values of one message take together in UTF-8. */
    public static final int MAX_TOTAL_BYTES = 3_500;

    /** Names that start with this are set by ipsync itself. */
    public static final String RESERVED_PREFIX = "ipsync-";

    private MessageHeaders() {
    }

    /**
     * Checks headers against the rules above.
     *
     * @return an unmodifiable copy in the given order; the empty map for {@code null} or empty
     * @throws IllegalArgumentException naming the header that breaks a rule
     */
    public static Map<String, String> check(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>(headers.size() * 2);
        long total = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("A header name must be 1 to " + MAX_NAME_LENGTH
                        + " characters long but was " + (name == null ? "null" : "'" + abbreviate(name) + "'"));
            }
            for (int i = 0; i < name.length(); i++) {
                if (Character.isISOControl(name.charAt(i))) {
                    throw new IllegalArgumentException("The header name '" + abbreviate(name)
                            + "' contains a control character at index " + i);
                }
            }
            if (value == null) {
                throw new IllegalArgumentException("The header '" + name + "' has no value (null)");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("The value of the header '" + name + "' contains a NUL character");
            }
            total += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            copy.put(name, value);
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("The headers take " + total + " bytes in UTF-8, more than the "
                    + MAX_TOTAL_BYTES + " a message may carry (names " + copy.keySet() + ")");
        }
        return Collections.unmodifiableMap(copy);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
