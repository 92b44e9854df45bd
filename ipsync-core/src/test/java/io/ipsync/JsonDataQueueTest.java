package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;

class JsonDataQueueTest {

    @TempDir
    Path dir;

    record Order(String id, int quantity) {
    }

    @Test
    void messagePutIsReceivedConvertedAndRemovedOnAcknowledge() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put(new Order("A-1", 3));
            assertThat(name).matches("q_\\d{19}_[A-Za-z]{32}");
            assertThat(queue.size()).isEqualTo(1);

            ReceivedMessage message = queue.receive(Duration.ofSeconds(5)).orElseThrow();
            assertThat(message.payload().as(Order.class)).isEqualTo(new Order("A-1", 3));
            assertThat(message.metadata().attempt()).isEqualTo(1);
            assertThat(queue.size()).isZero();
            assertThat(queue.stats().inFlight()).isEqualTo(1);
            message.acknowledge();
            assertThat(queue.stats().inFlight()).isZero();
            assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith("q_"))).isEmpty();
        }
    }

    @Test
    void genericTypesAndNullsRoundTrip() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put(List.of(new Order("x", 1)));
            queue.put(null);
            assertThat(queue.take(new TypeReference<List<Order>>() {})).containsExactly(new Order("x", 1));
            assertThat((Object) queue.take(Map.class)).isNull();
        }
    }
}
