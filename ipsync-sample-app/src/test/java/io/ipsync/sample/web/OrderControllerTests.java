package io.ipsync.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import io.ipsync.sample.Order;
import io.ipsync.sample.ShopSettings;
import io.ipsync.spring.test.DataEventWatch;
import io.ipsync.spring.test.EventWatch;
import io.ipsync.spring.test.IpsyncTest;
import io.ipsync.spring.test.IpsyncTestHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

/**
 * The web role in one application context, over HTTP: what it puts on the {@code orders} queue,
 * signals on {@code reload} and publishes on {@code settings}, seen through the harness as a worker
 * would see it. {@code @IpsyncTest} gives the context a base directory of its own; no worker runs,
 * so the orders wait.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("web")
@IpsyncTest
class OrderControllerTests {

    private static final Duration STEP = Duration.ofSeconds(30);

    @Autowired
    IpsyncTestHarness ipsync;

    @Value("${local.server.port}")
    int port;

    private RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.create("http://localhost:" + port);
    }

    @Test
    void aPlacedOrderWaitsOnTheQueueUntilAWorkerTakesIt() throws InterruptedException {
        Map<String, String> accepted = http.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("customer", "ada", "lines", List.of(Map.of("item", "tea", "quantity", 2))))
                .retrieve()
                .body(new ParameterizedTypeReference<>() {
                });

        assertThat(ipsync.awaitWaiting("orders", 1, STEP).waiting()).isOne();
        // The test takes the worker's part: the order is on the queue as the web process said.
        JsonDataQueue orders = ipsync.queue("orders");
        try (ReceivedMessage message = orders.receive(STEP).orElseThrow()) {
            assertThat(message.metadata().name()).isEqualTo(accepted.get("message"));
            Order order = message.payload().as(Order.class);
            assertThat(order.id()).isEqualTo(accepted.get("order"));
            assertThat(order.lines()).containsExactly(new Order.OrderLine("tea", 2));
            message.acknowledge();
        }
        assertThat(ipsync.awaitHandled("orders", accepted.get("message"), STEP).attempt()).isOne();
    }

    @Test
    void aReloadRequestSignalsTheEvent() {
        try (EventWatch reload = ipsync.watchEvent("reload")) {
            http.post().uri("/reload").retrieve().toBodilessEntity();

            reload.awaitSignal(STEP);
        }
    }

    @Test
    void newSettingsArePublishedOnTheDataEvent() {
        try (DataEventWatch settings = ipsync.watchDataEvent("settings")) {
            http.post().uri("/settings")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ShopSettings("CHF", 20))
                    .retrieve()
                    .toBodilessEntity();

            assertThat(settings.awaitValue(ShopSettings.class, STEP)).isEqualTo(new ShopSettings("CHF", 20));
        }
    }
}
