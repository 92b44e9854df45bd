package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.ChannelKind;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The two ways a server is reached besides a plain URI: through a Sentinel, and on a framework's shared client resources. */
class SentinelAndSharedResourcesTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path directory;

    @Test
    void aServerFoundThroughASentinelServesAQueue() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = directory.resolve("sentinel.conf");
        Files.writeString(config, "port " + port + "\nbind 127.0.0.1\ndir " + directory + "\nsentinel monitor main 127.0.0.1 "
                + redis.port() + " 1\n");
        Process sentinel = new ProcessBuilder(redis.binary().toString(), config.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(directory.resolve("sentinel.log").toFile()).start();
        try {
            RedisURI viaSentinel = RedisURI.Builder.sentinel("127.0.0.1", port, "main").build();
            RedisSettings settings = RedisSettings.builder().server(viaSentinel).build();
            ChannelAddress address = new ChannelAddress(RedisSettings.TRANSPORT, QueueFixture.uniqueName("sentinel"), settings);
            assertThat(settings.serverDescription()).isEqualTo("redis-sentinel://127.0.0.1:" + port + "#main");

            try (RedisTransport transport = new RedisTransport()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> transport.health(address, ChannelKind.QUEUE).up());
                try (JsonDataQueue queue = JsonDataQueue.open(address, QueueOptions.DEFAULTS, transport)) {
                    queue.put("through the sentinel");
                    assertThat(queue.take(String.class)).isEqualTo("through the sentinel");
                }
            }
            assertThat(redis.commands().exists(QueueFixture.streamKey(address.location()))).isEqualTo(1);
        } finally {
            sentinel.destroyForcibly();
            sentinel.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTransportOnSharedClientResourcesUsesThemAndLeavesThemRunning() throws InterruptedException {
        ClientResources resources = DefaultClientResources.create();
        try {
            RedisSettings defaults = redis.settings().keyPrefix("framework:").build();
            ClientOptions options = ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build();
            String name = QueueFixture.uniqueName("shared");
            try (RedisTransport transport = new RedisTransport(defaults, resources, options);
                    JsonDataQueue queue = JsonDataQueue.open(new ChannelAddress("redis", name, null), QueueOptions.DEFAULTS,
                            transport)) {
                queue.put("on shared resources");
                assertThat(queue.take(String.class)).isEqualTo("on shared resources");
            }
            assertThat(redis.commands().exists("{framework:" + name + "}:stream")).isEqualTo(1);
            assertThat(resources.eventExecutorGroup().isShuttingDown()).as("the caller's to shut down").isFalse();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
