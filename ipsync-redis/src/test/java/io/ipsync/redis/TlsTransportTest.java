package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.TransportHealth;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channels on a redis-server that speaks TLS only ({@code rediss://}), its certificate trusted through the client options. */
class TlsTransportTest {

    @RegisterExtension
    static final RedisServer redis = RedisServer.withTls();

    private static ClientResources resources;

    private static RedisTransport transport;

    @BeforeAll
    static void trustTheServersCertificate() {
        resources = DefaultClientResources.create();
        RedisSettings defaults = RedisSettings.builder().server(redis.uri()).connectTimeout(Duration.ofSeconds(5)).build();
        transport = new RedisTransport(defaults, resources, redis.clientOptions());
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
        resources.shutdown();
    }

    @Test
    void aQueueOverTlsPutsAndTakesWithHeaders() throws Exception {
        ChannelAddress address = new ChannelAddress(RedisSettings.TRANSPORT, "orders", transport.defaults());
        try (JsonDataQueue queue = JsonDataQueue.open(address, QueueOptions.DEFAULTS, transport)) {
            assertThat(queue.location()).startsWith("rediss://127.0.0.1:" + redis.port());
            queue.put("over tls", Map.of("tenant", "acme"));
            try (ReceivedMessage message = queue.receive(Duration.ofSeconds(30)).orElseThrow()) {
                assertThat(message.payload().as(String.class)).isEqualTo("over tls");
                assertThat(message.metadata().headers()).containsEntry("tenant", "acme");
                message.acknowledge();
            }
        }
        assertThat(redis.commands().xlen("{ipsync:orders}:stream")).isZero();
        TransportHealth health = transport.health(address, ChannelKind.QUEUE);
        assertThat(health.up()).as(String.valueOf(health.problem())).isTrue();
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefusedInBoundedTimeNamingTheServer() {
        ChannelAddress untrusted = new ChannelAddress(RedisSettings.TRANSPORT, "orders",
                RedisSettings.builder().server(redis.uri()).connectTimeout(Duration.ofSeconds(2))
                        .commandTimeout(Duration.ofSeconds(2)).build());
        try (JsonDataQueue queue = JsonDataQueue.open(untrusted, QueueOptions.DEFAULTS)) { // the JVM's own trust store
            assertThatThrownBy(() -> queue.put("refused")).isInstanceOf(IpsyncException.class)
                    .hasMessageContaining("127.0.0.1:" + redis.port());
        }
    }

    @Test
    void plainRedisToATlsPortFailsInBoundedTimeNamingTheServer() {
        ChannelAddress plain = new ChannelAddress(RedisSettings.TRANSPORT, "orders",
                RedisSettings.builder().server("redis://127.0.0.1:" + redis.port()).connectTimeout(Duration.ofSeconds(2))
                        .commandTimeout(Duration.ofSeconds(2)).build());
        try (JsonDataQueue queue = JsonDataQueue.open(plain, QueueOptions.DEFAULTS)) {
            assertThatThrownBy(() -> queue.put("refused")).isInstanceOf(IpsyncException.class)
                    .hasMessageContaining("127.0.0.1:" + redis.port());
        }
    }
}
