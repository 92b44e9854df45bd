package io.ipsync.cli;

import java.io.StringWriter;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * How the command line reads JSON given to it and writes JSON it prints.
 *
 * <p>Input is strict JSON, exactly one value per argument or line. Output is compact: one value
 * per line, no spaces, non-ASCII characters as they are (UTF-8). Numbers keep their digits:
 * decimals are read as {@link java.math.BigDecimal}, so {@code 1.10} stays {@code 1.10} and
 * {@code 1e400} does not become infinity. The mapper is immutable and shared.
 */
final class JsonFormat {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // parse() says so in its own words
            .build();

    private JsonFormat() {
    }

    /** The mapper that queues and data events opened by the command line read and write with. */
    static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads the text as exactly one JSON value.
     *
     * @param source what the text is, for the error message: {@code "line 3"}, {@code "argument 2"}
     * @throws InvalidMessageException naming the source when the text is not one JSON value
     */
    static JsonNode parse(String text, String source) {
        return one(text, source, MAPPER::readTree);
    }

    /**
     * Checks that the text is exactly one JSON value, as {@link #parse} does, and returns what a
     * queue stores for it: {@code null} for JSON null (an empty message), else the value's compact
     * text as a {@link RawValue}, which a queue's mapper writes as it is. One pass of Jackson's
     * streaming parser into a generator, without a tree: a put of millions of lines keeps a short
     * string per line rather than a tree of nodes (a fifth of the memory), and is not read twice.
     * Numbers keep their digits ({@code 1.10} stays {@code 1.10}).
     *
     * @param source what the text is, for the error message: {@code "line 3"}, {@code "argument 2"}
     * @throws InvalidMessageException naming the source when the text is not one JSON value
     */
    static Object storable(String text, String source) {
        return one(text, source, parser -> {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            StringWriter compact = new StringWriter(text.length());
            try (JsonGenerator generator = MAPPER.createGenerator(compact)) {
                generator.copyCurrentStructureExact(parser);
            }
            return new RawValue(compact.toString());
        });
    }

    /**
     * Reads the one JSON value of the text with {@code read}, which gets the parser on the value's
     * first token and must leave it on its last.
     *
     * @throws InvalidMessageException naming the source when the text holds no value, more than
     *     one, or something that is not JSON
     */
    private static <T> T one(String text, String source, Function<JsonParser, T> read) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new InvalidMessageException(source + " is empty: write one JSON value (null for no value)");
            }
            T value = read.apply(parser);
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                throw new InvalidMessageException(source + " holds more than one JSON value (another begins at "
                        + position(parser.currentTokenLocation()) + ")");
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidMessageException(source + " is not JSON: " + FailureReporter.oneLine(e.getOriginalMessage())
                    + " (at " + position(e.getLocation()) + ")");
        }
    }

    /** The value as compact JSON text on one line. */
    static String compact(JsonNode value) {
        return MAPPER.writeValueAsString(value);
    }

    private static String position(TokenStreamLocation location) {
        if (location == null || location.getColumnNr() < 1) {
            return "an unknown column";
        }
        return "column " + location.getColumnNr();
    }
}
