package io.ipsync;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * One JSON value as it was stored: a queue message or a data event's value. Convert it to the
 * type you need; conversion errors name where the value came from.
 *
 * <p>An empty file stands for {@code null} (as in jk_interprocesssync): {@link #isNull()} is
 * {@code true}, {@link #as} returns {@code null} and {@link #asNode()} a {@code NullNode}.
 * Instances are immutable and thread-safe.
 */
public final class JsonPayload {

    private static final int TO_STRING_LIMIT = 200;

    private final byte[] json;

    private final JsonCodec codec;

    private final String source;

    JsonPayload(byte[] json, JsonCodec codec, String source) {
        this.json = Objects.requireNonNull(json, "json");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Whether the value is null: an empty file, or the JSON literal {@code null}. */
    public boolean isNull() {
        return json.length == 0 || asNode().isNull();
    }

    /** The stored JSON text exactly as written (an empty string for an empty file). */
    public String text() {
        return JsonCodec.text(json);
    }

    /** A copy of the stored bytes (UTF-8 JSON, empty for null). */
    public byte[] bytes() {
        return json.clone();
    }

    /** Where the value came from, for messages: a file path. */
    public String source() {
        return source;
    }

    /**
     * The value as the given class, {@code null} for a null value.
     *
     * @throws MessageConversionException naming the source and the type, if it does not fit
     */
    public <T> T as(Class<T> type) {
        return codec.read(json, codec.type(type), source);
    }

    /**
     * The value as the given generic type, for example {@code new TypeReference<List<Order>>() {}}.
     *
     * @throws MessageConversionException naming the source and the type, if it does not fit
     */
    public <T> T as(TypeReference<T> type) {
        return codec.read(json, codec.type(type.getType()), source);
    }

    /**
     * The value as the given reflective type (a {@code ParameterizedType}, a Jackson
     * {@code JavaType}, ...), as frameworks resolve it from a method parameter.
     *
     * @throws MessageConversionException naming the source and the type, if it does not fit
     */
    public <T> T as(Type type) {
        return codec.read(json, codec.type(type), source);
    }

    /** The value as a tree; a {@code NullNode} for a null value. */
    public JsonNode asNode() {
        return codec.readTree(json, source);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPayload that && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        String text = text();
        if (text.length() > TO_STRING_LIMIT) {
            text = text.substring(0, TO_STRING_LIMIT) + "...";
        }
        return "JsonPayload[" + source + ": " + text + "]";
    }
}
