package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's send interceptor runs around each put of one message: it sees the queue and the
 * headers, may add headers, which are stored and checked as the caller's are; {@code putAll} is
 * not intercepted.
 */
class SendInterceptorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void anInterceptorSeesEachPutAndTheHeadersItAddsAreStored() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        QueueOptions options = QueueOptions.builder().sendInterceptor((queue, headers, put) -> {
            seen.add(queue + " " + headers);
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            return put.put(more);
        }).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            String id = queue.put("order", Map.of("tenant", "acme"));
            queue.putAll(List.of("batched"));

            assertThat(seen).containsExactly(queue.location() + " {tenant=acme}");
            try (ReceivedMessage message = queue.receive(PATIENCE).orElseThrow()) {
                assertThat(message.metadata().name()).isEqualTo(id);
                assertThat(message.metadata().headers()).containsExactly(Map.entry("tenant", "acme"),
                        Map.entry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
                message.acknowledge();
            }
            try (ReceivedMessage message = queue.receive(PATIENCE).orElseThrow()) {
                assertThat(message.payload().as(String.class)).isEqualTo("batched");
                assertThat(message.metadata().headers()).isEmpty();
                message.acknowledge();
            }
        }
    }

    @Test
    void headersAnInterceptorAddsAreCheckedAndABadOnePutsNothing() {
        QueueOptions options = QueueOptions.builder()
                .sendInterceptor((queue, headers, put) -> put.put(Map.of("bad\nname", "x")))
                .build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            assertThatThrownBy(() -> queue.put("order"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("control character");
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void theOptionsKeepTheInterceptorAndNoneIsTheDefault() {
        SendInterceptor interceptor = (queue, headers, put) -> put.put(headers);
        assertThat(QueueOptions.builder().build().sendInterceptor()).isSameAs(SendInterceptor.NONE);
        assertThat(QueueOptions.builder().sendInterceptor(interceptor).build().toBuilder().build().sendInterceptor())
                .isSameAs(interceptor);
    }
}
