package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.test.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every command on redis:// addresses of a real redis-server: the ipsync jar carries the Redis transport. */
class RedisAddressCommandsTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer(java.util.List.of("--requirepass", "s3cret-pw"));

    private static String address(String name) {
        return redis.uri().replace("redis://", "redis://default:s3cret-pw@") + "/" + name + "-" + UUID.randomUUID();
    }

    @Test
    void putStatAndTakeOnARedisQueue() {
        String queue = address("orders");
        assertThat(run("put", queue, "{\"id\":1}", "{\"id\":2}").exitCode()).isZero();

        CommandRun stat = run("stat", queue, "--json");
        assertThat(stat.exitCode()).as(stat.err()).isZero();
        assertThat(stat.out()).contains("\"waiting\":2").contains("\"transport\":\"redis\"").doesNotContain("s3cret-pw");

        CommandRun take = run("take", queue, "-n", "2", "--timeout", "10s");
        assertThat(take.exitCode()).as(take.err()).isZero();
        assertThat(take.out()).isEqualTo("{\"id\":1}\n{\"id\":2}\n");
    }

    @Test
    void signalAndWaitPublishAndWatchOnRedisEvents() {
        String event = address("reload");
        assertThat(run("signal", event).exitCode()).isZero();
        CommandRun wait = run("wait", event, "-n", "1", "--fire-on-init", "--timeout", "10s");
        assertThat(wait.exitCode()).as(wait.err()).isZero();

        String value = address("settings");
        assertThat(run("publish", value, "{\"currency\":\"CHF\"}").exitCode()).isZero();
        CommandRun watch = run("watch", value, "--fire-on-init", "-n", "1", "--timeout", "10s");
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out()).isEqualTo("{\"currency\":\"CHF\"}\n");
    }

    @Test
    void deadLettersOnARedisQueueAreListedAndRequeued() throws Exception {
        String queue = address("dead");
        try (io.ipsync.JsonDataQueue opened = io.ipsync.JsonDataQueue.open(io.ipsync.ChannelAddress.parse(queue),
                io.ipsync.QueueOptions.DEFAULTS)) {
            opened.put("bad order");
            opened.receive(java.time.Duration.ofSeconds(10)).orElseThrow().deadLetter("no such customer", null);
        }
        CommandRun list = run("dead", "list", queue);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("no such customer").doesNotContain("s3cret-pw");
        assertThat(run("dead", "requeue", queue, "--all").out()).isEqualTo("requeued 1 dead letter\n");
        assertThat(run("take", queue, "-n", "1", "--timeout", "10s").out()).isEqualTo("\"bad order\"\n");
    }

    @Test
    void anUnreachableServerFailsInBoundedTimeNamingTheChannelAndNotThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandRun put = run("put", "redis://default:s3cret-pw@127.0.0.1:" + closedPort + "/orders", "1");
        assertThat(put.exitCode()).isEqualTo(3);
        assertThat(put.err()).contains("orders").contains("127.0.0.1:" + closedPort).doesNotContain("s3cret-pw");
    }
}
