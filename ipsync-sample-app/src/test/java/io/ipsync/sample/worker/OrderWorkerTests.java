package io.ipsync.sample.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DeadLetter;
import io.ipsync.sample.Order;
import io.ipsync.sample.Order.OrderLine;
import io.ipsync.sample.ShopSettings;
import io.ipsync.spring.test.IpsyncTest;
import io.ipsync.spring.test.IpsyncTestHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

/**
 * The worker role in one application context, as a user of ipsync tests their own listeners:
 * {@code @IpsyncTest} gives the context a base directory of its own, and the harness puts messages
 * on the shop's channels and waits until the worker's {@code @IpsyncListener} methods handled or
 * dead-lettered them. What the worker did shows in its log, as in {@code ShopProcessesIT}.
 */
@SpringBootTest
@ActiveProfiles("worker")
@IpsyncTest
@ExtendWith(OutputCaptureExtension.class)
class OrderWorkerTests {

    /** Far beyond what the steps take, so only a real failure reaches it. */
    private static final Duration STEP = Duration.ofSeconds(30);

    /** {@code max-attempts} in the sample's application.yml. */
    private static final int CONFIGURED_ATTEMPTS = 3;

    @Autowired
    IpsyncTestHarness ipsync;

    @Test
    void eachOrderIsShippedOnce(CapturedOutput output) {
        String message = ipsync.put("orders", order("W-1", 2));

        assertThat(ipsync.awaitHandled("orders", message, STEP).attempt()).isOne();
        assertThat(output.getOut().lines().filter(line -> line.contains("Shipped order W-1 for ada"))).hasSize(1);
    }

    @Test
    void aBadOrderIsDeadLetteredOnItsFirstAttemptWithTheReason(CapturedOutput output) {
        Order bad = order("W-2", 0);
        String message = ipsync.put("orders", bad);

        DeadLetter dead = ipsync.awaitDeadLettered("orders", message, STEP);

        assertThat(dead.attempts()).as("BadOrderException is a NotRetryableException").isOne();
        assertThat(dead.reason())
                .startsWith("not retried (attempt 1 of " + CONFIGURED_ATTEMPTS
                        + "), io.ipsync.sample.worker.BadOrderException is not retryable")
                .contains("order W-2: quantity 0 of tea is not positive");
        assertThat(ipsync.payload(dead, Order.class)).isEqualTo(bad);
        assertThat(output.getOut()).doesNotContain("Shipped order W-2");
    }

    @Test
    void anOrderWithoutLinesFailsValidationAndIsDeadLetteredWithoutReachingTheWorker(CapturedOutput output) {
        Order empty = new Order("W-4", "ada", List.of());
        String message = ipsync.put("orders", empty);

        DeadLetter dead = ipsync.awaitDeadLettered("orders", message, STEP);

        assertThat(dead.attempts()).isOne();
        assertThat(dead.reason()).startsWith("not retried (attempt 1 of " + CONFIGURED_ATTEMPTS + ")")
                .contains("The payload for listener 'order-worker' is not valid: lines must not be empty");
        assertThat(output.getOut()).doesNotContain("Shipped order W-4");
    }

    @Test
    void publishedSettingsApplyToTheOrdersShippedAfterThem(CapturedOutput output) {
        ipsync.publish("settings", new ShopSettings("CHF", 0));
        await().alias("the worker applies the settings").atMost(STEP)
                .until(() -> output.getOut().contains("Settings now: ShopSettings[currency=CHF, shippingDelayMillis=0]"));

        String message = ipsync.put("orders", order("W-3", 1));

        ipsync.awaitHandled("orders", message, STEP);
        assertThat(output.getOut()).containsPattern("Shipped order W-3 for ada .*prices in CHF\\)");
    }

    @Test
    void aReloadSignalReloadsTheCatalogue(CapturedOutput output) {
        ipsync.signal("reload");

        await().alias("the worker reloads its catalogue").atMost(STEP)
                .until(() -> output.getOut().contains("Reloaded the catalogue: now v"));
    }

    private static Order order(String id, int quantity) {
        return new Order(id, "ada", List.of(new OrderLine("tea", quantity)));
    }
}
