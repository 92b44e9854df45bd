package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.BackOff;
import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.DeadLetter;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.Transports;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.TransportHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What ipsync does, as a user with exactly the ACL that SECURITY.md gives, read from SECURITY.md
 * itself: a queue (put, take, retry, release, dead-letter, re-drive, purge, counters, a wait ended
 * early, health), an event and a data event. After each test the server must have refused nothing
 * ({@code ACL LOG}), which also catches refusals the transport survives.
 */
abstract class DocumentedAclScenarios {

    static final String USER = "app";

    static final String PASSWORD = "documented-acl";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A channel's address, reached as the documented user. */
    abstract ChannelAddress address(String channel);

    /** The {@code CLIENT LIST} of the server (node) that serves the key. */
    abstract String clientsOfServerServing(String key);

    /** What the server (every node) refused since the last {@link #forgetRefusals()}. */
    abstract List<Map<String, Object>> refusals();

    abstract void forgetRefusals();

    @BeforeEach
    void forgetEarlierRefusals() {
        forgetRefusals();
    }

    @AfterEach
    void closeAndCheckThatNothingWasRefused() throws Exception {
        executor.shutdownNow();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        assertThat(refusals()).as("what the server refused the documented user (ACL LOG)").isEmpty();
    }

    @Test
    void aQueueRunsEndToEnd() throws Exception {
        JsonDataQueue queue = open(JsonDataQueue.open(address("orders"), QueueOptions.builder()
                .reclaimInterval(Duration.ofMillis(400)).backOff(BackOff.fixed(Duration.ofMillis(100))).build()));
        queue.put("first", Map.of("tenant", "acme"));
        queue.putAll(List.of("second", "third"));
        assertThat(queue.size()).isEqualTo(3);

        queue.receive(WAIT).orElseThrow().retry(new IllegalStateException("once more"));
        queue.receive(WAIT).orElseThrow().release();
        queue.receive(WAIT).orElseThrow().deadLetter("refused", null);
        List<DeadLetter> letters = queue.deadLetters().list(10);
        assertThat(letters).singleElement().extracting(DeadLetter::reason).isEqualTo("refused");
        assertThat(queue.deadLetters().requeue(letters.get(0).id())).isTrue();
        assertThat(queue.stats().deadLetters()).isZero();
        List<Integer> attempts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ReceivedMessage message = queue.receive(WAIT).orElseThrow();
            attempts.add(message.metadata().attempt());
            message.deadLetter("all of them", null);
        }
        assertThat(attempts).as("the retried message among them").contains(2);
        assertThat(queue.deadLetters().purgeAll()).isEqualTo(3);

        queue.putLater("later", Duration.ofMillis(50)); // put_later.lua, then take.lua moving it when due
        ReceivedMessage later = queue.receive(WAIT).orElseThrow();
        assertThat(later.payload().as(String.class)).isEqualTo("later");
        later.acknowledge();

        // A wait ended early (CLIENT UNBLOCK): with a long lease, a blocking read waits the whole block time.
        JsonDataQueue waiter = open(JsonDataQueue.open(address("idle"), QueueOptions.builder()
                .reclaimInterval(Duration.ofMinutes(10)).build()));
        Future<Optional<ReceivedMessage>> waiting = executor.submit(() -> waiter.receive(WAIT));
        await().atMost(WAIT).until(() -> clientsOfServerServing("{ipsync:idle}:stream").lines()
                .anyMatch(client -> client.contains(" flags=b ") && client.contains(" cmd=xreadgroup ")));
        waiter.wakeUpWaiters();
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();

        TransportHealth health = Transports.installed().provider(RedisTransport.ID).health(address("orders"), ChannelKind.QUEUE);
        assertThat(health.up()).as(health.toString()).isTrue();
        assertThat(health.details()).containsEntry("appendonly", "yes").containsEntry("maxmemory-policy", "noeviction");
    }

    @Test
    void anEventAndADataEventRunEndToEnd() throws Exception {
        Event listener = open(Event.open(address("reload"), EventOptions.builder().fireOnInit(false).build()));
        Event signaller = open(Event.open(address("reload"), EventOptions.DEFAULTS));
        JsonDataEvent reader = open(JsonDataEvent.open(address("settings"), DataEventOptions.DEFAULTS));
        JsonDataEvent publisher = open(JsonDataEvent.open(address("settings"), DataEventOptions.DEFAULTS));
        CountDownLatch started = new CountDownLatch(1);
        Future<Boolean> woke = executor.submit(() -> {
            started.countDown();
            return listener.await(WAIT);
        });
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        signaller.signal();
        publisher.signal(Map.of("level", "debug"));

        assertThat(woke.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(reader.await(WAIT).orElseThrow().as(Map.class)).isEqualTo(Map.of("level", "debug"));
        assertThat(publisher.latest()).isPresent();
    }

    private <T extends AutoCloseable> T open(T channel) {
        opened.add(channel);
        return channel;
    }

    /**
     * The rules of the {@code ACL SETUSER app ...} lines in SECURITY.md, without the password: the
     * first {@code lines} of them (the user; then what a cluster needs besides).
     */
    static List<String> documentedRules(int lines) {
        String security;
        try {
            security = Files.readString(Path.of("..", "SECURITY.md"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SECURITY.md beside the module", e);
        }
        Matcher line = Pattern.compile("(?m)^\\s*ACL SETUSER " + USER + " (.+)$").matcher(security);
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            if (!line.find()) {
                throw new IllegalStateException("SECURITY.md has fewer than " + lines + " lines ACL SETUSER " + USER + " ...");
            }
            Arrays.stream(line.group(1).trim().split("\\s+")).filter(rule -> !rule.startsWith(">")).forEach(rules::add);
        }
        return rules;
    }
}
