package io.ipsync.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.ActuatorHttpClient.Answer;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The {@code ipsync} endpoint exposed without {@code management.endpoint.ipsync.access}: its
 * access is read-only, so it shows dead letters and listeners but has no operation that changes
 * them. Requests for one are refused, and change nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "ipsync.queues.orders=orders", "ipsync.max-attempts=1", "management.endpoints.web.exposure.include=ipsync"})
@DirtiesContext
class IpsyncEndpointReadOnlyAccessTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path baseDir;

    @DynamicPropertySource
    static void baseDir(DynamicPropertyRegistry registry) {
        registry.add("ipsync.base-dir", baseDir::toString);
    }

    static class FailingHandler {

        @IpsyncListener(value = "orders", id = "orders-worker")
        void onOrder(String order) {
            throw new IllegalStateException("cannot ship " + order);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(FailingHandler.class)
    static class Shop {
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("orders")
    JsonDataQueue orders;

    @Autowired
    IpsyncListenerEndpointRegistry listeners;

    @Test
    void writeAndDeleteOperationsAreRefusedAndChangeNothing() {
        ActuatorHttpClient actuator = new ActuatorHttpClient(port);
        orders.put("o-1");
        await().atMost(PATIENCE).until(() -> orders.deadLetters().count() == 1);
        String id = actuator.get("/orders/dead-letters").body().path("deadLetters").get(0).path("id").asString();
        assertThat(actuator.get("/orders/dead-letters/" + id).body().path("payload").asString()).isEqualTo("o-1");

        Answer requeue = actuator.post("/orders/dead-letters/" + id, "requeue");
        Answer requeueAll = actuator.post("/orders/dead-letters", "requeue");
        Answer purge = actuator.delete("/orders/dead-letters/" + id);
        Answer purgeAll = actuator.delete("/orders/dead-letters");
        Answer pause = actuator.post("/orders/listeners/orders-worker", "pause");
        Answer stop = actuator.post("/orders/listeners", "stop");

        assertThat(requeue.status()).isEqualTo(405);
        assertThat(requeueAll.status()).isEqualTo(405);
        assertThat(purge.status()).isEqualTo(405);
        assertThat(purgeAll.status()).isEqualTo(405);
        assertThat(pause.status()).isEqualTo(405);
        assertThat(stop.status()).isEqualTo(405);
        assertThat(orders.deadLetters().read(id)).isPresent();
        assertThat(listeners.getListenerContainer("orders-worker").isRunning()).isTrue();
        assertThat(listeners.getListenerContainer("orders-worker").isPaused()).isFalse();
        assertThat(actuator.get("/orders/listeners/orders-worker").body().path("state").asString()).isEqualTo("running");
    }
}
