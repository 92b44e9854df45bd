package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.test.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server whose only user is an ACL user of its own ({@code default} switched off), reached as {@code redis://app:password@...}. */
class AclUserTest {

    private static final String PASSWORD = "s3cret-acl";

    @RegisterExtension
    static final RedisServer redis = new RedisServer(List.of("--user", "app", "on", ">" + PASSWORD, "~*", "&*", "+@all",
            "--user", "default", "off"));

    private static ChannelAddress address(String user, String password) {
        return ChannelAddress.parse("redis://" + user + ":" + password + "@127.0.0.1:" + redis.port() + "/orders");
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

    private static String stackTraceOf(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
