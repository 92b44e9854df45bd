package io.ipsync.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DataEventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.testing.RawMessages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Message content never chooses a Java class: JSON that names one ({@code "@class"}, Jackson's
 * default-typing array form) reads as plain data, and the named class is never instantiated,
 * whatever the target type. A message is data from whoever could write the directory.
 */
class PolymorphicTypingTest {

    private static final String TRIPWIRE = Tripwire.class.getName();

    private static final String TYPED_OBJECT =
            "{\"@class\": \"" + TRIPWIRE + "\", \"@type\": \"" + TRIPWIRE + "\", \"@c\": \"" + TRIPWIRE + "\", \"armed\": true}";

    private static final String TYPED_ARRAY = "[\"" + TRIPWIRE + "\", {\"armed\": true}]";

    private static final String PROCESS_BUILDER = "{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"touch\", \"/pwned\"]}";

    @TempDir
    Path dir;

    @BeforeEach
    void disarm() {
        Tripwire.INSTANCES.set(0);
    }

    @Test
    void defaultMappersHaveNoDefaultTyping() {
        for (JsonMapper mapper : List.of(QueueOptions.DEFAULTS.jsonMapper(), DataEventOptions.DEFAULTS.jsonMapper())) {
            for (Class<?> type : List.of(Object.class, JsonNode.class, Holder.class, Tripwire.class, Map.class)) {
                assertThat(mapper.deserializationConfig().getDefaultTyper(mapper.constructType(type)))
                        .as("default typing for " + type.getSimpleName()).isNull();
                assertThat(mapper.serializationConfig().getDefaultTyper(mapper.constructType(type))).isNull();
            }
        }
    }

    @Test
    void typedMessagesReadAsPlainDataAndNeverInstantiateTheNamedClass() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_001L), TYPED_OBJECT);
            RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_002L), TYPED_ARRAY);
            RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_003L), PROCESS_BUILDER);
            RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_004L), "{\"value\": " + TYPED_OBJECT + "}");
            RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_005L), TYPED_OBJECT);

            Object typedObject = queue.take(Object.class);
            assertThat(typedObject).isInstanceOf(Map.class);
            assertThat(typedObject).isEqualTo(Map.of("@class", TRIPWIRE, "@type", TRIPWIRE, "@c", TRIPWIRE, "armed", true));

            Object typedArray = queue.take(Object.class);
            assertThat(typedArray).isEqualTo(List.of(TRIPWIRE, Map.of("armed", true)));

            JsonNode processBuilder = queue.take(JsonNode.class);
            assertThat(processBuilder.isObject()).isTrue();
            assertThat(processBuilder.get("@class").asString()).isEqualTo("java.lang.ProcessBuilder");

            Holder holder = queue.take(Holder.class);
            assertThat(holder.value()).isInstanceOf(Map.class);

            Map<String, Object> asMap = queue.take(new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
            });
            assertThat(asMap).containsEntry("@c", TRIPWIRE);
        }
        assertThat(Tripwire.INSTANCES).as("instances of the class the messages named").hasValue(0);
    }

    @Test
    void typedDataEventValueReadsAsPlainData() throws Exception {
        try (JsonDataEvent settings = JsonDataEvent.open(dir.resolve("settings.json"))) {
            java.nio.file.Files.writeString(dir.resolve("settings.json"), TYPED_OBJECT);
            Object value = settings.latest().orElseThrow().as(Object.class);
            assertThat(value).isInstanceOf(Map.class);
            assertThat(settings.latest().orElseThrow().asNode().get("@class").asString()).isEqualTo(TRIPWIRE);
        }
        assertThat(Tripwire.INSTANCES).hasValue(0);
    }

    /** A record with an untyped field: the field gets a Map, not the class a message names. */
    public record Holder(Object value) {
    }

    /** Counts its instances: a message that could choose its class would make one. */
    public static final class Tripwire {

        static final AtomicInteger INSTANCES = new AtomicInteger();

        public boolean armed;

        public Tripwire() {
            INSTANCES.incrementAndGet();
        }
    }
}
