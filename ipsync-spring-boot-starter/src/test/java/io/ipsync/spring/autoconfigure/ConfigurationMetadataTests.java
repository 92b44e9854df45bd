package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata that IDEs complete {@code ipsync.*} properties from is generated with descriptions. */
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
}
