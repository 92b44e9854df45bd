package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata that IDEs complete {@code ipsync.*} properties from is generated with
 * descriptions, and describes every option of a channel entry.
 *
 * <p>How a new option is documented: the configuration processor describes the {@code ipsync.*}
 * properties from the Javadoc of {@link IpsyncProperties}' fields, but no option of a map's values.
 * So an option added to an entry class ({@code QueueEntry}, say) needs, besides its field's
 * Javadoc, a property under the example entry of each kind that has it in
 * {@code src/main/resources/META-INF/additional-spring-configuration-metadata.json}
 * ({@code ipsync.queues.example.<option>}, with its type and a description), and a row in README's
 * table of entry options ({@link ReadmePropertyTableTests}). A deprecated option also gets a
 * {@code deprecation} there naming its replacement. The processor merges that file only when it
 * runs: after editing the file alone, build with {@code clean}, or this test reads the old metadata.
 */
class ConfigurationMetadataTests {

    private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

    private static JsonNode ipsyncMetadata() throws Exception {
        List<JsonNode> ipsync = new ArrayList<>();
        for (URL resource : Collections.list(ConfigurationMetadataTests.class.getClassLoader().getResources(LOCATION))) {
            try (InputStream in = resource.openStream()) {
                JsonNode metadata = JsonMapper.builder().build().readTree(in);
                for (JsonNode group : metadata.path("groups")) {
                    if (group.path("name").asString().equals("ipsync")) {
                        ipsync.add(metadata);
                        break;
                    }
                }
            }
        }
        assertThat(ipsync).as("exactly one %s declares the 'ipsync' group", LOCATION).hasSize(1);
        return ipsync.get(0);
    }

    private static Optional<JsonNode> property(JsonNode metadata, String name) {
        for (JsonNode property : metadata.path("properties")) {
            if (property.path("name").asString().equals(name)) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }

    @Test
    void queuesAreDescribed() throws Exception {
        JsonNode queues = property(ipsyncMetadata(), "ipsync.queues").orElseThrow();
        assertThat(queues.path("type").asString()).startsWith("java.util.Map<java.lang.String,");
        assertThat(queues.path("description").asString()).contains("Queues by bean name");
    }

    @Test
    void maxAttemptsIsDescribedWithItsDefault() throws Exception {
        JsonNode maxAttempts = property(ipsyncMetadata(), "ipsync.max-attempts").orElseThrow();
        assertThat(maxAttempts.path("type").asString()).isEqualTo("java.lang.Integer");
        assertThat(maxAttempts.path("description").asString()).isNotBlank().contains("attempts");
        assertThat(maxAttempts.path("defaultValue").asInt()).isEqualTo(3);
        assertThat(maxAttempts.path("sourceType").asString()).isEqualTo(IpsyncProperties.class.getName());
    }

    @Test
    void syncWritesIsDescribedWithItsDefaultAndPerChannel() throws Exception {
        JsonNode metadata = ipsyncMetadata();
        JsonNode syncWrites = property(metadata, "ipsync.sync-writes").orElseThrow();
        assertThat(syncWrites.path("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(syncWrites.path("description").asString()).contains("storage device").contains("power loss");
        assertThat(syncWrites.path("defaultValue").asBoolean(true)).isFalse();
    }

    @Test
    void transportIsDescribedWithItsDefaultAndItsValues() throws Exception {
        JsonNode metadata = ipsyncMetadata();
        JsonNode transport = property(metadata, "ipsync.transport").orElseThrow();
        assertThat(transport.path("defaultValue").asString()).isEqualTo("file");
        assertThat(transport.path("description").asString()).contains("'redis'").contains("io.ipsync:ipsync-redis")
                .contains("spring.data.redis.*");
        List<String> values = new ArrayList<>();
        for (JsonNode hint : metadata.path("hints")) {
            if (hint.path("name").asString().equals("ipsync.transport")) {
                hint.path("values").forEach(value -> values.add(value.path("value").asString()));
            }
        }
        assertThat(values).containsExactly("file", "redis");
    }

    @Test
    void redisSettingsAreDescribedWithTheirDefaults() throws Exception {
        JsonNode metadata = ipsyncMetadata();
        JsonNode keyPrefix = property(metadata, "ipsync.redis.key-prefix").orElseThrow();
        assertThat(keyPrefix.path("defaultValue").asString()).isEqualTo("ipsync:");
        assertThat(keyPrefix.path("description").asString()).contains("Prefix of every Redis key");
        JsonNode blockTime = property(metadata, "ipsync.redis.block-time").orElseThrow();
        assertThat(blockTime.path("type").asString()).isEqualTo("java.time.Duration");
        assertThat(blockTime.path("defaultValue").asString()).isEqualTo("1s");
        JsonNode lease = property(metadata, "ipsync.redis.lease").orElseThrow();
        assertThat(lease.path("type").asString()).isEqualTo("java.time.Duration");
        assertThat(lease.path("description").asString()).contains("reclaim interval");
        assertThat(lease.has("defaultValue")).as("unset: the queue's reclaim interval").isFalse();
    }

    @Test
    void everyIpsyncPropertyHasADescription() throws Exception {
        List<String> undescribed = new ArrayList<>();
        for (JsonNode property : ipsyncMetadata().path("properties")) {
            if (property.path("name").asString().startsWith("ipsync.")
                    && property.path("description").asString("").isBlank()) {
                undescribed.add(property.path("name").asString());
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyOptionOfEveryChannelEntryIsDescribedWithItsTypeUnderTheExampleEntry() throws Exception {
        JsonNode metadata = ipsyncMetadata();
        List<String> problems = new ArrayList<>();
        ChannelEntryOptions.KINDS.forEach((kind, entryType) -> {
            ChannelEntryOptions.of(entryType).forEach((option, getter) -> {
                String name = kind + "." + ChannelEntryOptions.EXAMPLE_ENTRY + "." + option;
                Optional<JsonNode> property = property(metadata, name);
                if (property.isEmpty()) {
                    problems.add(name + " is not in the metadata");
                    return;
                }
                String type = getter.getGenericReturnType().getTypeName();
                if (!property.get().path("type").asString().equals(type)) {
                    problems.add(name + " has type " + property.get().path("type").asString() + ", not " + type);
                }
                if (property.get().path("description").asString("").isBlank()) {
                    problems.add(name + " has no description");
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theExampleEntriesDescribeNoOptionTheEntriesDoNotHave() throws Exception {
        List<String> stale = new ArrayList<>();
        for (JsonNode property : ipsyncMetadata().path("properties")) {
            String name = property.path("name").asString();
            ChannelEntryOptions.KINDS.forEach((kind, entryType) -> {
                String prefix = kind + "." + ChannelEntryOptions.EXAMPLE_ENTRY + ".";
                if (name.startsWith(prefix) && !ChannelEntryOptions.of(entryType).containsKey(name.substring(prefix.length()))) {
                    stale.add(name);
                }
            });
        }
        assertThat(stale).isEmpty();
    }

    @Test
    void eachExampleEntryIsADescribedGroupOfItsEntryType() throws Exception {
        Map<String, JsonNode> groups = new HashMap<>();
        ipsyncMetadata().path("groups").forEach(group -> groups.put(group.path("name").asString(), group));
        ChannelEntryOptions.KINDS.forEach((kind, entryType) -> {
            JsonNode group = groups.get(kind + "." + ChannelEntryOptions.EXAMPLE_ENTRY);
            assertThat(group).as(kind).isNotNull();
            assertThat(group.path("type").asString()).isEqualTo(entryType.getName());
            assertThat(group.path("description").asString()).contains("every entry under '" + kind + "'");
        });
    }

    @Test
    void theOldNameOfADataEventsSizeLimitIsDeprecatedForTheSharedName() throws Exception {
        JsonNode old = property(ipsyncMetadata(), "ipsync.data-events.example.max-value-size").orElseThrow();
        assertThat(old.path("deprecation").path("level").asString()).isEqualTo("warning");
        assertThat(old.path("deprecation").path("replacement").asString())
                .isEqualTo("ipsync.data-events.example.max-message-size");
        Method getter = ChannelEntryOptions.of(DataEventEntry.class).get("max-value-size");
        assertThat(getter.getAnnotation(DeprecatedConfigurationProperty.class).replacement())
                .isEqualTo(old.path("deprecation").path("replacement").asString());
    }

    @Test
    void everyHintNamesAPropertyThatExists() throws Exception {
        JsonNode metadata = ipsyncMetadata();
        List<String> dangling = new ArrayList<>();
        for (JsonNode hint : metadata.path("hints")) {
            String name = hint.path("name").asString().replaceFirst("\\.(keys|values)$", "");
            if (property(metadata, name).isEmpty()) {
                dangling.add(hint.path("name").asString());
            }
        }
        assertThat(dangling).isEmpty();
    }

    @Test
    void notRetryableExceptionsAreCompletedFromExceptionClasses() throws Exception {
        for (String name : List.of("ipsync.not-retryable-exceptions", "ipsync.queues.example.not-retryable-exceptions")) {
            JsonNode provider = null;
            for (JsonNode hint : ipsyncMetadata().path("hints")) {
                if (hint.path("name").asString().equals(name)) {
                    provider = hint.path("providers").path(0);
                }
            }
            assertThat(provider).as(name).isNotNull();
            assertThat(provider.path("name").asString()).isEqualTo("class-reference");
            assertThat(provider.path("parameters").path("target").asString()).isEqualTo("java.lang.Throwable");
        }
    }
}
