package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.ChannelAddress;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries written to a queue's stream by another program that does not follow the rules: each is
 * dead-lettered with a reason, and the consumer goes on to the next.
 */
class ForeignProducerTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Test
    void badEntriesAreDeadLetteredWithTheirReasonAndTheConsumerGoesOn() throws Exception {
        String name = QueueFixture.uniqueName("foreign");
        String stream = QueueFixture.streamKey(name);
        ChannelAddress address = redis.address(name);
        QueueOptions options = QueueOptions.builder().maxMessageSize(1024).build();
        try (JsonDataQueue queue = JsonDataQueue.open(address, options)) {
            redis.commands().xadd(stream, "payload", "{}");
            redis.commands().xadd(stream, "p", "{}", "kind", "order");
            redis.commands().xadd(stream, "p", "{\"unfinished\":");
            redis.commands().xadd(stream, "p", "\"" + "x".repeat(2000) + "\"");
            redis.commands().xadd(stream, Map.of("p", "{}", "h:bad\u0001name", "v"));
            redis.commands().xadd(stream, "p", "{}", "p", "{}");
            redis.commands().xadd(stream, "p", "{\"good\":true}", "h:source", "python");

            ReceivedMessage good = queue.receive(Duration.ofSeconds(10)).orElseThrow();

            assertThat(good.payload().asNode().get("good").asBoolean()).isTrue();
            assertThat(good.metadata().headers()).containsOnly(Map.entry("source", "python"));
            good.acknowledge();
            List<DeadLetter> letters = queue.deadLetters().list(10);
            assertThat(letters).extracting(DeadLetter::reason).satisfiesExactly(
                    reason -> assertThat(reason).contains("no payload field 'p'"),
                    reason -> assertThat(reason).contains("unexpected fields [kind]"),
                    reason -> assertThat(reason).containsIgnoringCase("json"),
                    reason -> assertThat(reason).contains("2002 bytes, more than the maximum of 1024"),
                    reason -> assertThat(reason).contains("headers unreadable").contains("control character"),
                    reason -> assertThat(reason).contains("'p' appears more than once"));
            assertThat(letters).allSatisfy(letter -> assertThat(letter.attempts()).isEqualTo(1));
            assertThat(letters.get(0).content()).as("no payload to keep").isNull();
            assertThat(new String(letters.get(2).content())).isEqualTo("{\"unfinished\":");
            assertThat(queue.size()).isZero();
            assertThat(redis.commands().xlen(stream)).isZero();
        }
    }

    @Test
    void anEntryWhoseMessageIdWasGivenByItsProducerIsReadToo() throws Exception {
        String name = QueueFixture.uniqueName("explicit-id");
        try (JsonDataQueue queue = JsonDataQueue.open(redis.address(name), QueueOptions.DEFAULTS)) {
            redis.commands().xadd(QueueFixture.streamKey(name), new io.lettuce.core.XAddArgs().id("5-1"), "p", "42");

            ReceivedMessage message = queue.receive(Duration.ofSeconds(10)).orElseThrow();

            assertThat(message.payload().as(Integer.class)).isEqualTo(42);
            assertThat(message.metadata().name()).isEqualTo("5-1");
            message.acknowledge();
        }
    }
}
