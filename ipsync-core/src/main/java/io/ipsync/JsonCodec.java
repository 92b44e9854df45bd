package io.ipsync;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Turns values into the JSON text that channels store, and stored text back into values.
 *
 * <p>On disk, a null value is an empty file (as in jk_interprocesssync); any other value is one
 * JSON text in UTF-8. Reading is lenient where Python writers are: {@code NaN} and
 * {@code Infinity}, which Python's {@code json.dump} writes by default, are accepted.
 */
final class JsonCodec {

    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper mapper;

    private final ObjectReader reader;

    /**
     * A reader per target type, so that reading a message does not build one (with its root
     * deserializer looked up) each time. Types come from the application's code, so there are
     * few; past {@link #MAX_CACHED_READERS} they are built per call instead.
     */
    private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_READERS = 512;

    JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    }

    /**
     * The mapper used where the caller gives none: Jackson's defaults, no polymorphic typing. Built
     * on first use (a tenth of a second of a command-line put's CPU), not when options are made.
     */
    static JsonMapper defaultMapper() {
        return DefaultMapper.INSTANCE;
    }

    /** Holds the default mapper: the JVM builds it when this class is first used. */
    private static final class DefaultMapper {
        static final JsonMapper INSTANCE = JsonMapper.builder().build();
    }

    JsonMapper mapper() {
        return mapper;
    }

    /** The value's JSON text in UTF-8; empty for {@code null}. */
    byte[] encode(Object value, String target) {
        if (value == null) {
            return EMPTY;
        }
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new UnwritableValueException(
                    "Cannot write a " + value.getClass().getName() + " as JSON for " + target + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The value's JSON text in UTF-8, empty for {@code null}, refused when it is larger than
     * {@code maxSize} bytes (consumers would set it aside unread).
     *
     * @param what what the limit is called, for the message: {@code "QueueOptions.maxMessageSize"}
     * @throws MessageTooLargeException naming the target, the size and the limit
     */
    byte[] encode(Object value, String target, long maxSize, String what) {
        byte[] json = encode(value, target);
        if (json.length > maxSize) {
            throw new MessageTooLargeException("A " + value.getClass().getName() + " of " + json.length
                    + " bytes as JSON is more than " + target + " takes: its maximum is " + maxSize + " bytes (" + what
                    + "); nothing was stored");
        }
        return json;
    }

    /**
     * Checks that the bytes are empty or hold exactly one JSON value.
     *
     * @throws MalformedJsonException naming the source and what is wrong
     */
    void validate(byte[] json, String source) {
        if (json.length == 0) {
            return;
        }
        // Through the reader, not a bare token stream: the application's mapper may allow more
        // (comments, single quotes) or less (stream read constraints), and the check must agree.
        try (JsonParser parser = reader.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new MalformedJsonException(source + " holds no JSON value (only whitespace)", null);
            }
            parser.skipChildren();
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new MalformedJsonException(
                        source + " holds more than one JSON value (trailing " + trailing + " at "
                                + parser.currentLocation().offsetDescription() + ")", null);
            }
        } catch (JacksonException e) {
            throw new MalformedJsonException(source + " does not hold valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    <T> T read(byte[] json, JavaType type, String source) {
        if (json.length == 0) {
            return null;
        }
        try {
            return readerFor(type).readValue(json);
        } catch (JacksonException e) {
            throw new MessageConversionException(
                    "Cannot read " + source + " as " + type.toCanonical() + ": " + e.getOriginalMessage(), e);
        }
    }

    private ObjectReader readerFor(JavaType type) {
        ObjectReader cached = readers.get(type);
        if (cached != null) {
            return cached;
        }
        ObjectReader typed = reader.forType(type);
        if (readers.size() < MAX_CACHED_READERS) {
            readers.putIfAbsent(type, typed);
        }
        return typed;
    }

    JsonNode readTree(byte[] json, String source) {
        if (json.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return reader.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedJsonException(source + " does not hold valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    JavaType type(Type type) {
        return mapper.getTypeFactory().constructType(type);
    }

    static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
