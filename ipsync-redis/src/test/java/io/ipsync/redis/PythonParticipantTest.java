package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.test.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program in another language takes part by following the package documentation alone: a
 * Python producer writes messages as {@code XADD ... p <json> h:<name> <value>}, and a Python
 * consumer takes with {@code XREADGROUP} and acknowledges with the transport's own
 * {@code acknowledge.lua}. Skipped where Debian's {@code /usr/bin/python3} has no {@code redis}
 * module (package {@code python3-redis}).
 */
class PythonParticipantTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    static Path scripts;

    @BeforeAll
    static void requirePythonRedis() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is missing");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import redis").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                PYTHON + " has no redis module (install python3-redis)");
    }

    @Test
    void aPythonProducersMessagesAndHeadersReachAJavaConsumer() throws Exception {
        String name = QueueFixture.uniqueName("from-python");
        python("""
                import redis, sys
                r = redis.Redis(port=int(sys.argv[1]))
                r.xadd(sys.argv[2], {"p": '{"sku":"A-1","n":2}', "h:lang": "python"})
                r.xadd(sys.argv[2], {"p": ""})
                """, Integer.toString(redis.port()), QueueFixture.streamKey(name));

        try (JsonDataQueue queue = JsonDataQueue.open(redis.address(name), QueueOptions.DEFAULTS)) {
            ReceivedMessage first = queue.receive(Duration.ofSeconds(10)).orElseThrow();
            assertThat(first.payload().asNode().get("sku").asString()).isEqualTo("A-1");
            assertThat(first.metadata().headers()).containsEntry("lang", "python");
            first.acknowledge();
            ReceivedMessage second = queue.receive(Duration.ofSeconds(10)).orElseThrow();
            assertThat(second.payload().isNull()).isTrue();
            second.acknowledge();
        }
    }

    @Test
    void aPythonConsumerTakesAndAcknowledgesWithTheTransportsScript() throws Exception {
        String name = QueueFixture.uniqueName("to-python");
        ChannelAddress address = redis.address(name);
        Path acknowledge = scripts.resolve("acknowledge.lua");
        try (InputStream script = RedisTransport.class.getResourceAsStream("scripts/acknowledge.lua")) {
            Files.write(acknowledge, script.readAllBytes());
        }
        try (JsonDataQueue queue = JsonDataQueue.open(address, QueueOptions.DEFAULTS)) {
            queue.put("one", java.util.Map.of("trace", "t-1"));
            queue.put("two");

            String taken = python("""
                    import redis, sys
                    r = redis.Redis(port=int(sys.argv[1]), decode_responses=True)
                    stream, ack = sys.argv[2], open(sys.argv[3]).read()
                    try:
                        r.xgroup_create(stream, "ipsync", id="0", mkstream=True)
                    except redis.ResponseError as e:
                        assert "BUSYGROUP" in str(e)
                    for _ in range(2):
                        [[_, [(id, fields)]]] = r.xreadgroup("ipsync", "python-1", {stream: ">"}, count=1)
                        assert r.eval(ack, 1, stream, "ipsync", "python-1", id, 1) == [1]
                        print(fields["p"], fields.get("h:trace", "-"))
                    """, Integer.toString(redis.port()), QueueFixture.streamKey(name), acknowledge.toString());

            assertThat(taken.lines()).containsExactly("\"one\" t-1", "\"two\" -");
            assertThat(queue.size()).isZero();
            assertThat(redis.commands().xlen(QueueFixture.streamKey(name))).isZero();
        }
    }

    /** Runs a Python program with arguments; returns what it printed, failing the test if it fails. */
    private static String python(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString(), "-c", program));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("python said: %s", output).isZero();
        return output;
    }
}
