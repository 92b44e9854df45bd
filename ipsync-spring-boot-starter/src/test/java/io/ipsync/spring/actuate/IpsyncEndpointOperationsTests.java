package io.ipsync.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.actuate.ActuatorHttpClient.Answer;
import io.ipsync.spring.annotation.IpsyncListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code ipsync} endpoint's write operations over real HTTP, on a real queue in a temporary
 * directory with a running listener: dead letters listed, shown, re-driven and purged, and the
 * listener paused, resumed, stopped and started.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "ipsync.queues.orders=orders", "ipsync.events.reload=reload.event", "ipsync.max-attempts=2",
    "ipsync.backoff.initial-interval=10ms", "ipsync.backoff.multiplier=1",
    "management.endpoints.web.exposure.include=ipsync", "management.endpoint.ipsync.access=unrestricted"})
@DirtiesContext
class IpsyncEndpointOperationsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path baseDir;

    @DynamicPropertySource
    static void baseDir(DynamicPropertyRegistry registry) {
        registry.add("ipsync.base-dir", baseDir::toString);
    }

    record Order(String id, boolean poison) {
    }

    /** Fails poison orders until they are fixed; remembers the attempt each order was handled at. */
    static class OrderHandler {

        final Set<String> fixed = ConcurrentHashMap.newKeySet();

        final Map<String, Integer> handledAtAttempt = new ConcurrentHashMap<>();

        @IpsyncListener(value = "orders", id = "orders-worker")
        void onOrder(Order order, MessageMetadata metadata) {
            if (order.poison() && !fixed.contains(order.id())) {
                throw new IllegalStateException("cannot ship " + order.id());
            }
            handledAtAttempt.put(order.id(), metadata.attempt());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrderHandler.class)
    static class Shop {
    }

    @LocalServerPort
    int port;

    @Autowired
    OrderHandler handler;

    @Autowired
    @Qualifier("orders")
    JsonDataQueue orders;

    private ActuatorHttpClient actuator;

    @BeforeEach
    void client() {
        actuator = new ActuatorHttpClient(port);
    }

    @AfterEach
    void leaveTheListenerRunningAndNoDeadLetters() {
        actuator.post("/orders/listeners/orders-worker", "start");
        actuator.post("/orders/listeners/orders-worker", "resume");
        orders.deadLetters().purgeAll();
    }

    /** Puts a poison order and waits until the listener has dead-lettered it; returns its dead letter's id. */
    private String deadLettered(String orderId) {
        long before = orders.deadLetters().count();
        orders.put(new Order(orderId, true));
        await().atMost(PATIENCE).until(() -> orders.deadLetters().count() > before);
        JsonNode listed = actuator.get("/orders/dead-letters").body().path("deadLetters");
        for (JsonNode letter : listed) {
            String id = letter.path("id").asString();
            JsonNode shown = actuator.get("/orders/dead-letters/" + id).body();
            if (shown.path("payload").path("id").asString().equals(orderId)) {
                return id;
            }
        }
        throw new AssertionError("No dead letter of " + orderId + " in " + listed);
    }

    /** Asserts that the message waits for any consumer (the listener did not take it), and gives it back. */
    private void assertWaiting(String orderId) throws InterruptedException {
        ReceivedMessage message = orders.receive(PATIENCE).orElseThrow();
        try (message) {
            assertThat(message.payload().as(Order.class).id()).isEqualTo(orderId);
            message.release();
        }
        assertThat(handler.handledAtAttempt).doesNotContainKey(orderId);
    }

    @Test
    void deadLetterIsListedShownAndRequeuedToTheRunningListenerWithItsAttemptsReset() {
        String id = deadLettered("o-1");

        Answer list = actuator.get("/orders/dead-letters");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("channel").asString()).isEqualTo("orders");
        assertThat(list.body().path("count").asLong()).isOne();
        assertThat(list.body().path("deadLetters")).singleElement().satisfies(letter -> {
            assertThat(letter.path("id").asString()).isEqualTo(id);
            assertThat(letter.path("attempts").asInt()).isEqualTo(2);
            assertThat(letter.has("payload")).isFalse();
        });

        Answer shown = actuator.get("/orders/dead-letters/" + id);
        assertThat(shown.status()).isEqualTo(200);
        JsonNode letter = shown.body();
        assertThat(letter.path("payload").path("id").asString()).isEqualTo("o-1");
        assertThat(letter.path("payload").path("poison").asBoolean()).isTrue();
        assertThat(letter.path("attempts").asInt()).isEqualTo(2);
        assertThat(letter.path("reason").asString()).isNotBlank();
        assertThat(letter.path("exception").asString()).contains("IllegalStateException", "cannot ship o-1");
        assertThat(letter.path("time").asString()).isNotBlank();
        assertThat(letter.path("message").asString()).isNotBlank();

        handler.fixed.add("o-1");
        Answer requeued = actuator.post("/orders/dead-letters/" + id, "requeue");

        assertThat(requeued.status()).isEqualTo(200);
        assertThat(requeued.body().path("action").asString()).isEqualTo("requeued");
        assertThat(requeued.body().path("count").asInt()).isOne();
        await().atMost(PATIENCE).until(() -> handler.handledAtAttempt.containsKey("o-1"));
        assertThat(handler.handledAtAttempt).containsEntry("o-1", 1);
        assertThat(actuator.get("/orders/dead-letters").body().path("count").asLong()).isZero();
        assertThat(actuator.get("/orders/dead-letters/" + id).status()).isEqualTo(404);
    }

    @Test
    void requeueOfEveryDeadLetterPutsThemAllBack() {
        deadLettered("o-2");
        deadLettered("o-3");
        handler.fixed.addAll(Set.of("o-2", "o-3"));

        Answer requeued = actuator.post("/orders/dead-letters", "requeue");

        assertThat(requeued.body().path("count").asInt()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> handler.handledAtAttempt.keySet().containsAll(Set.of("o-2", "o-3")));
        assertThat(handler.handledAtAttempt).containsEntry("o-2", 1).containsEntry("o-3", 1);
    }

    @Test
    void deadLettersArePurgedOneByIdThenAll() {
        String first = deadLettered("o-4");
        deadLettered("o-5");

        Answer one = actuator.delete("/orders/dead-letters/" + first);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("action").asString()).isEqualTo("purged");
        assertThat(one.body().path("count").asInt()).isOne();
        assertThat(actuator.delete("/orders/dead-letters/" + first).body().path("notFound"))
                .extracting(JsonNode::asString).containsExactly(first);

        Answer all = actuator.delete("/orders/dead-letters");
        assertThat(all.body().path("count").asInt()).isOne();
        assertThat(orders.deadLetters().count()).isZero();
        assertThat(actuator.get("/orders").body().path("queue").path("deadLetters").asLong()).isZero();
        assertThat(handler.handledAtAttempt).doesNotContainKeys("o-4", "o-5");
    }

    @Test
    void pausedListenerTakesNothingUntilResumed() throws InterruptedException {
        Answer paused = actuator.post("/orders/listeners/orders-worker", "pause");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().path("state").asString()).isEqualTo("paused");
        assertThat(actuator.get("/orders/listeners/orders-worker").body().path("paused").asBoolean()).isTrue();

        orders.put(new Order("o-6", false));
        assertWaiting("o-6");

        Answer resumed = actuator.post("/orders/listeners/orders-worker", "resume");
        assertThat(resumed.body().path("state").asString()).isEqualTo("running");
        await().atMost(PATIENCE).until(() -> handler.handledAtAttempt.containsKey("o-6"));
    }

    @Test
    void stoppedListenerTakesNothingUntilStarted() throws InterruptedException {
        Answer stopped = actuator.post("/orders/listeners/orders-worker", "stop");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().path("state").asString()).isEqualTo("stopped");
        assertThat(stopped.body().path("running").asBoolean()).isFalse();
        assertThat(actuator.get("/orders").body().path("listeners")).singleElement()
                .satisfies(listener -> assertThat(listener.path("state").asString()).isEqualTo("stopped"));

        orders.put(new Order("o-7", false));
        assertWaiting("o-7");

        Answer started = actuator.post("/orders/listeners/orders-worker", "start");
        assertThat(started.body().path("state").asString()).isEqualTo("running");
        await().atMost(PATIENCE).until(() -> handler.handledAtAttempt.containsKey("o-7"));
    }

    @Test
    void everyListenerOfAChannelIsListedWithItsState() {
        Answer listeners = actuator.get("/orders/listeners");

        assertThat(listeners.status()).isEqualTo(200);
        assertThat(listeners.body().path("listeners")).singleElement().satisfies(listener -> {
            assertThat(listener.path("id").asString()).isEqualTo("orders-worker");
            assertThat(listener.path("channel").asString()).isEqualTo("orders");
            assertThat(listener.path("method").asString()).isEqualTo("OrderHandler.onOrder(Order, MessageMetadata)");
            assertThat(listener.path("state").asString()).isEqualTo("running");
        });
    }

    @Test
    void unknownThingsAreNotFoundOrBadRequests() {
        assertThat(actuator.get("/invoices/dead-letters").status()).isEqualTo(404);
        assertThat(actuator.get("/orders/listeners/nobody").status()).isEqualTo(404);
        assertThat(actuator.get("/orders/mailbox").status()).isEqualTo(400);
        assertThat(actuator.get("/reload/dead-letters").status()).isEqualTo(400);
        assertThat(actuator.get("/orders/dead-letters?limit=0").status()).isEqualTo(400);
        assertThat(actuator.post("/orders/dead-letters", "shred").status()).isEqualTo(400);
        assertThat(actuator.post("/orders/listeners/orders-worker", "shred").status()).isEqualTo(400);
        assertThat(actuator.post("/orders/listeners/nobody", "pause").status()).isEqualTo(400);
        assertThat(actuator.post("/invoices/dead-letters", "requeue").status()).isEqualTo(400);
        assertThat(actuator.delete("/orders/listeners").status()).isEqualTo(400);
    }
}
