package io.ipsync.interop;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * JSON as the Python side of the protocol sees it, for stating what a test expects
 * independently of ipsync's own codec.
 *
 * <p>{@link #ascii} writes what is sent to the peer (command line and standard input) with
 * every non-ASCII character escaped, so the transport does not depend on the platform's
 * encoding; {@link #parse} reads what the peer prints, including the {@code NaN} and
 * {@code Infinity} that Python's {@code json.dumps} writes.
 */
final class PythonJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private PythonJson() {
    }

    static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    /** The value as one line of ASCII JSON; {@code null} as {@code null}. */
    static String ascii(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static JsonNode tree(Object value) {
        return value == null ? NullNode.getInstance() : MAPPER.valueToTree(value);
    }

    /**
     * Whether Python's truth test finds the value false: {@code None}, {@code False}, zero
     * ({@code 0}, {@code 0.0}, {@code -0.0}; not {@code NaN}), and empty strings, lists and
     * dicts. The original stores such values as an empty file.
     */
    static boolean isFalsy(JsonNode value) {
        if (value.isNull()) {
            return true;
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().signum() == 0;
        }
        if (value.isNumber()) {
            return value.doubleValue() == 0.0;
        }
        if (value.isString()) {
            return value.stringValue().isEmpty();
        }
        return value.isContainer() && value.isEmpty();
    }

    /** What a reader gets back after a Python writer stored the value: the value, or null for a falsy one. */
    static JsonNode storedByPython(JsonNode value) {
        return isFalsy(value) ? NullNode.getInstance() : value;
    }
}
