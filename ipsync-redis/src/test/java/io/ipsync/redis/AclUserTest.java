package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.QueueStats;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server whose only user is an ACL user of its own ({@code default} switched off), reached as {@code redis://app:password@...}. */
class AclUserTest {

    private static final String PASSWORD = "s3cret-acl";

    @RegisterExtension
    static final RedisServer redis = new RedisServer(List.of("--user", "app", "on", ">" + PASSWORD, "~*", "&*", "+@all",
            "--user", "no-xpending", "on", ">" + PASSWORD, "~*", "&*", "+@all", "-xpending",
            "--user", "default", "off"));

    private static ChannelAddress address(String user, String password) {
        return address(user, password, "orders");
    }

    private static ChannelAddress address(String user, String password, String queue) {
        return ChannelAddress.parse("redis://" + user + ":" + password + "@127.0.0.1:" + redis.port() + "/" + queue);
    }

    @Test
    void anAclUserPutsAndTakes() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(address("app", PASSWORD), QueueOptions.DEFAULTS)) {
            assertThat(queue.location()).doesNotContain(PASSWORD);
            queue.put("as app");
            try (ReceivedMessage message = queue.receive(Duration.ofSeconds(30)).orElseThrow()) {
                assertThat(message.payload().as(String.class)).isEqualTo("as app");
                message.acknowledge();
            }
        }
    }

    @Test
    void aWrongPasswordFailsNamingTheServerAndNeverThePassword() {
        try (JsonDataQueue queue = JsonDataQueue.open(address("app", "wrong-" + PASSWORD), QueueOptions.DEFAULTS)) {
            assertThatThrownBy(() -> queue.put("refused")).isInstanceOf(IpsyncException.class)
                    .hasMessageContaining("127.0.0.1:" + redis.port()).hasMessageNotContaining(PASSWORD)
                    .satisfies(failure -> assertThat(stackTraceOf(failure)).doesNotContain(PASSWORD));
        }
    }

    /**
     * The settlement scripts check with {@code XPENDING} that the message is still this consumer's.
     * A server that refuses it must not look like a message taken over: that would throw
     * {@link ClaimLostException}, and the message would come back again and again.
     */
    @Test
    void settlementsThatTheServerRefusesFailNamingTheServerAndChangeNothing() throws Exception {
        String queue = "refused-" + System.nanoTime();
        try (RedisTransport transport = new RedisTransport();
             QueueChannel refused = transport.openQueue(address("no-xpending", PASSWORD, queue), QueueOptions.DEFAULTS);
             QueueChannel allowed = transport.openQueue(address("app", PASSWORD, queue), QueueOptions.DEFAULTS)) {
            refused.put("1".getBytes(StandardCharsets.UTF_8));
            Claim claim = refused.claim(Duration.ofSeconds(30).toNanos());

            List<ThrowingCallable> settlements = List.of(() -> refused.acknowledge(claim),
                    () -> refused.retryLater(claim, Instant.now()), () -> refused.release(claim),
                    () -> refused.deadLetter(claim, DeadLetterReason.of("bad")));
            for (ThrowingCallable settlement : settlements) {
                assertThatThrownBy(settlement).isInstanceOf(IOException.class).isNotInstanceOf(ClaimLostException.class)
                        .hasMessageContaining("127.0.0.1:" + redis.port()).hasMessageContaining("XPENDING");
            }

            QueueStats stats = allowed.stats();
            assertThat(stats.inFlight()).as("still held").isOne();
            assertThat(stats.scheduledRetries()).isZero();
            assertThat(stats.deadLetters()).isZero();
        }
    }

    private static String stackTraceOf(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
