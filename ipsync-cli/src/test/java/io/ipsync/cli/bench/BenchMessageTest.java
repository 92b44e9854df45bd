package io.ipsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BenchMessageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void jsonWrittenByHandIsWhatJacksonWrites() {
        BenchMessage message = new BenchMessage(12_345, 1_760_000_000_123_456_789L, BenchMessage.NOTE);

        assertThat(JSON.readTree(message.json())).isEqualTo(JSON.readTree(JSON.writeValueAsBytes(message)));
        assertThat(JSON.readValue(message.json(), BenchMessage.class)).isEqualTo(message);
    }

    @Test
    void aMessageIsAboutNinetyBytes() {
        assertThat(new BenchMessage(12_345, 1_760_000_000_123_456_789L, BenchMessage.NOTE).json()).hasSize(90);
        assertThat(JSON.writeValueAsBytes(BenchMessage.stampedNow(12_345))).hasSize(90);
    }
}
