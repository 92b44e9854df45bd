package io.ipsync.sample.worker;

import io.ipsync.MessageMetadata;
import io.ipsync.sample.Order;
import io.ipsync.sample.ShopSettings;
import io.ipsync.spring.annotation.IpsyncListener;
import jakarta.validation.Valid;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The worker process's listeners: one method per channel, driven by ipsync like
 * {@code @KafkaListener} methods are by Spring Kafka.
 */
@Component
@Profile("worker")
class OrderWorker {

    private static final Logger log = LoggerFactory.getLogger(OrderWorker.class);

    private final AtomicReference<ShopSettings> settings = new AtomicReference<>(ShopSettings.DEFAULTS);

    private final AtomicInteger shipped = new AtomicInteger();

    private final AtomicInteger catalogueVersion = new AtomicInteger(1);

    /**
     * Ships one order. An order that breaks its constraints (no customer, no lines) never gets
     * here: {@code @Valid} has ipsync dead-letter it at once, the violations in the reason.
     * Throwing makes ipsync retry the order with back-off and, after the last attempt, set it aside
     * as a dead letter; but a {@link BadOrderException}, an order that will never ship, is set
     * aside at once, after this one call.
     */
    @IpsyncListener(value = "orders", id = "order-worker")
    void ship(@Valid Order order, MessageMetadata metadata) throws InterruptedException {
        for (Order.OrderLine line : order.lines()) {
            if (line.quantity() <= 0) {
                throw new BadOrderException("order " + order.id() + ": quantity " + line.quantity() + " of "
                        + line.item() + " is not positive");
            }
        }
        long delay = settings.get().shippingDelayMillis();
        if (delay > 0) {
            Thread.sleep(delay);
        }
        log.info("Shipped order {} for {} ({} line(s), attempt {}, catalogue v{}, prices in {}); {} shipped so far",
                order.id(), order.customer(), order.lines().size(), metadata.attempt(), catalogueVersion.get(),
                settings.get().currency(), shipped.incrementAndGet());
    }

    /** Follows the live settings: called with each new value the web process publishes. */
    @IpsyncListener("settings")
    void settingsChanged(ShopSettings newSettings) {
        ShopSettings effective = newSettings != null ? newSettings : ShopSettings.DEFAULTS;
        settings.set(effective);
        log.info("Settings now: {}", effective);
    }

    /** Reloads the catalogue when the web process signals. */
    @IpsyncListener("reload")
    void reloadCatalogue() {
        log.info("Reloaded the catalogue: now v{}", catalogueVersion.incrementAndGet());
    }
}
