package io.ipsync.sample.web;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import io.ipsync.sample.Order;
import io.ipsync.sample.ShopSettings;
import io.ipsync.spring.core.IpsyncOperations;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web process's HTTP API. It sends through the {@link IpsyncOperations} template, naming each
 * channel by its entry in {@code application.yml}; the queue's own bean, named after its entry
 * too, gives its counters.
 */
@RestController
@Profile("web")
class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final IpsyncOperations ipsync;

    private final JsonDataQueue orders;

    OrderController(IpsyncOperations ipsync, JsonDataQueue orders) {
        this.ipsync = ipsync;
        this.orders = orders;
    }

    /** Accepts an order: it is on the queue, for a worker to handle, when this returns. */
    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> placeOrder(@RequestBody NewOrder order) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String message = ipsync.send("orders", new Order(id, order.customer(), order.lines())).join();
        // In the request's trace: Boot's log pattern shows its trace id, which the worker's line for this order shows too.
        log.info("Accepted order {} as message {}", id, message);
        return Map.of("order", id, "message", message);
    }

    /** Publishes new settings: every worker picks them up at once. */
    @PostMapping("/settings")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ShopSettings publishSettings(@RequestBody ShopSettings newSettings) {
        ipsync.publish("settings", newSettings);
        return newSettings;
    }

    /** Asks every worker to reload its catalogue. */
    @PostMapping("/reload")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void reload() {
        ipsync.signal("reload");
    }

    /** The queue's counters. */
    @GetMapping("/orders/stats")
    QueueStats stats() {
        return orders.stats();
    }

    /** What a client sends to place an order. */
    record NewOrder(String customer, java.util.List<Order.OrderLine> lines) {
    }
}
