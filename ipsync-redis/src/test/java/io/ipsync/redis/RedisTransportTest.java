package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.EventOptions;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.Transports;
import io.ipsync.file.FileSettings;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.TransportHealth;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider: how it is found, what addresses it reads, its keys, its health, its secrets. */
class RedisTransportTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer(java.util.List.of("--requirepass", "s3cret"));

    @Test
    void theServiceLoaderFindsTheRedisTransport() {
        assertThat(Transports.installed().provider("redis")).isInstanceOf(RedisTransport.class);
        assertThat(Transports.installed().provider("redis").schemes())
                .containsExactlyInAnyOrder("redis", "rediss", "redis-cluster", "rediss-cluster");
    }

    @Test
    void anAddressIsTheServerThenTheChannelAsItsLastPathSegment() {
        ChannelAddress plain = ChannelAddress.parse("redis://cache.example.com:6380/orders");
        assertThat(plain.transport()).isEqualTo("redis");
        assertThat(plain.location()).isEqualTo("orders");
        RedisSettings settings = (RedisSettings) plain.settings();
        assertThat(settings.server().getHost()).isEqualTo("cache.example.com");
        assertThat(settings.server().getPort()).isEqualTo(6380);
        assertThat(settings.server().getDatabase()).isZero();

        ChannelAddress withDatabase = ChannelAddress.parse("rediss://app:pa%3Ass@cache.example.com/3/payments?timeout=7s");
        RedisSettings tls = (RedisSettings) withDatabase.settings();
        assertThat(withDatabase.location()).isEqualTo("payments");
        assertThat(tls.server().isSsl()).isTrue();
        assertThat(tls.server().getDatabase()).isEqualTo(3);
        assertThat(tls.server().getPort()).isEqualTo(RedisURI.DEFAULT_REDIS_PORT);
        assertThat(tls.serverDescription()).isEqualTo("rediss://app@cache.example.com:6379/3");
    }

    @Test
    void addressesThatAreNotChannelsAreRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> ChannelAddress.parse("redis://host:6379")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no channel");
        assertThatThrownBy(() -> ChannelAddress.parse("redis://host:6379/x/orders"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database number");
        assertThatThrownBy(() -> ChannelAddress.parse("redis://user:hunter2@host:6379/1/2/orders"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> new RedisTransport().openQueue(new ChannelAddress("redis", "{odd}", null), QueueOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brace");
        assertThatThrownBy(() -> new RedisTransport().openQueue(new ChannelAddress("redis", "x", null),
                QueueOptions.builder().layout("files").build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no queue layout 'files'");
        assertThatThrownBy(() -> new RedisTransport().openSignal(ChannelAddress.file(java.nio.file.Path.of("/tmp/x"),
                FileSettings.DEFAULTS), EventOptions.DEFAULTS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordsAppearInNoSettingsAddressOrLocation() throws Exception {
        String uri = "redis://:s3cret@127.0.0.1:" + redis.port() + "/orders";
        ChannelAddress address = ChannelAddress.parse(uri);

        assertThat(address.toString()).doesNotContain("s3cret");
        assertThat(address.settings().toString()).doesNotContain("s3cret").contains("127.0.0.1:" + redis.port());
        assertThat(RedisSettings.builder().server("redis://admin:s3cret@host/2").build().toString())
                .doesNotContain("s3cret").contains("redis://admin@host:6379/2");
        try (JsonDataQueue queue = JsonDataQueue.open(address, QueueOptions.DEFAULTS)) {
            queue.put("authenticated");
            assertThat(queue.location()).doesNotContain("s3cret").isEqualTo("redis://127.0.0.1:" + redis.port() + "/orders");
            assertThat(queue.take(String.class)).isEqualTo("authenticated");
        }
    }

    @Test
    void keysAreThePrefixAndNameInAHashTagUnlessAnExplicitKeyReplacesThem() throws Exception {
        try (RedisTransport transport = new RedisTransport()) {
            RedisSettings.Builder settings = authenticated().keyPrefix("shop:");
            QueueChannel prefixed = transport.openQueue(redis.address("orders", settings.build()), QueueOptions.DEFAULTS);
            QueueChannel explicit = transport.openQueue(redis.address("ignored-name", settings.key("legacy-orders").build()),
                    QueueOptions.DEFAULTS);
            prefixed.put(new byte[0]);
            explicit.put(new byte[0]);

            assertThat(authenticatedCommands().exists("{shop:orders}:stream", "{legacy-orders}:stream")).isEqualTo(2);
            prefixed.close();
            explicit.close();
        }
    }

    @Test
    void healthIsUpWithTheServersVersionAppendOnlyAndEvictionPolicyAndDownWithoutTheRightPassword() {
        try (RedisTransport transport = new RedisTransport()) {
            TransportHealth up = transport.health(redis.address("orders", authenticated().build()), ChannelKind.DATA_EVENT);
            assertThat(up.up()).isTrue();
            assertThat(up.details()).containsEntry("server", "redis://127.0.0.1:" + redis.port())
                    .containsEntry("key", "{ipsync:orders}:value").containsEntry("appendonly", "yes")
                    .containsEntry("maxmemory-policy", "noeviction").containsKey("redisVersion").doesNotContainKey("warning");

            TransportHealth down = transport.health(redis.address("orders", redis.settings()
                    .server("redis://:wrong@127.0.0.1:" + redis.port()).build()), ChannelKind.QUEUE);
            assertThat(down.up()).isFalse();
            assertThat(down.problem()).contains("127.0.0.1:" + redis.port()).doesNotContain("wrong");
            assertThat(down.details().toString()).doesNotContain("wrong");
        }
    }

    @Test
    void healthWarnsOfAServerThatMayEvictKeys() {
        authenticatedCommands().configSet("maxmemory-policy", "allkeys-lru");
        try (RedisTransport transport = new RedisTransport()) {
            TransportHealth health = transport.health(redis.address("orders", authenticated().build()), ChannelKind.QUEUE);

            assertThat(health.up()).isTrue();
            assertThat(health.details()).containsEntry("maxmemory-policy", "allkeys-lru");
            assertThat(health.details().get("warning")).asString().contains("maxmemory-policy is allkeys-lru")
                    .contains("noeviction").contains("loses messages");
        } finally {
            authenticatedCommands().configSet("maxmemory-policy", "noeviction");
        }
    }

    private RedisSettings.Builder authenticated() {
        return RedisSettings.builder().server("redis://:s3cret@127.0.0.1:" + redis.port())
                .commandTimeout(Duration.ofSeconds(10));
    }

    private io.lettuce.core.api.sync.RedisCommands<String, String> authenticatedCommands() {
        return redis.commands();
    }

    @Test
    void theDefaultsOfATransportApplyToChannelsWithoutSettings() {
        RedisSettings defaults = RedisSettings.builder().server(URI.create("redis://other:1").toString()).keyPrefix("p:")
                .build();
        RedisTransport transport = new RedisTransport(defaults, null, null);

        ChannelAddress parsed = transport.parseAddress(URI.create("redis://host:2/name"));

        assertThat(((RedisSettings) parsed.settings()).keyPrefix()).isEqualTo("p:");
        assertThat(((RedisSettings) parsed.settings()).serverDescription()).isEqualTo("redis://host:2");
        assertThat(transport.defaults()).isSameAs(defaults);
        transport.close();
    }
}
