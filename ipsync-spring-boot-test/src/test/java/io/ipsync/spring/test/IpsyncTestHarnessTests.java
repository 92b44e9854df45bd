package io.ipsync.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.DeadLetter;
import io.ipsync.QueueStats;
import io.ipsync.spring.test.MessageOutcome.Kind;
import io.ipsync.spring.test.TestShop.OrderListener;
import io.ipsync.spring.test.TestShop.TestOrder;
import io.ipsync.spring.test.TestShop.TestSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The harness in a context made with {@code @IpsyncTest}, against the real listeners of
 * {@link TestShop}. Every test waits for messages it put itself, by id, so that they share the
 * cached context without seeing each other; the queues {@code parked} and {@code idle} have no
 * listener, and only one test each puts there.
 */
@SpringBootTest(classes = TestShop.class)
@IpsyncTest
class IpsyncTestHarnessTests {

    /** Far beyond what handling takes here, so only a real failure reaches it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** For waits that are meant to time out. */
    private static final Duration SHORT = Duration.ofMillis(200);

    @Autowired
    IpsyncTestHarness ipsync;

    @Autowired
    OrderListener listener;

    @Test
    void awaitHandledReturnsOnceTheListenerHandledTheMessage() {
        String id = ipsync.put("orders", TestOrder.of("handled-1", 2));

        MessageOutcome handled = ipsync.awaitHandled("orders", id, TIMEOUT);

        assertThat(handled.kind()).isEqualTo(Kind.HANDLED);
        assertThat(handled.messageId()).isEqualTo(id);
        assertThat(handled.attempt()).isOne();
        assertThat(listener.shipped).contains("handled-1");
    }

    @Test
    void awaitHandledReturnsTheAttemptThatSucceededAndTheOutcomesSayWhatCameBefore() {
        String id = ipsync.put("orders", new TestOrder("retried-1", 1, true), Map.of("tenant", "acme"));

        MessageOutcome handled = ipsync.awaitHandled("orders", id, TIMEOUT);

        assertThat(handled.attempt()).isEqualTo(2);
        assertThat(handled.metadata().header("tenant")).isEqualTo("acme");
        assertThat(ipsync.outcomes("orders", id)).extracting(MessageOutcome::kind)
                .containsExactly(Kind.RECEIVED, Kind.FAILED, Kind.RETRY_SCHEDULED, Kind.RECEIVED, Kind.HANDLED);
        assertThat(ipsync.outcomes("orders", id).get(1).detail()).contains("order retried-1 fails its first attempt");
    }

    @Test
    void awaitDeadLetteredReturnsTheDeadLetterWithItsReasonAttemptsAndPayload() {
        String id = ipsync.put("orders", TestOrder.of("bad-1", 0), Map.of("tenant", "acme"));

        DeadLetter dead = ipsync.awaitDeadLettered("orders", id, TIMEOUT);

        assertThat(dead.messageId()).isEqualTo(id);
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.reason()).contains("failed on its last attempt (2 of 2)")
                .contains("order bad-1: quantity 0 is not positive");
        assertThat(dead.exception()).contains("IllegalArgumentException");
        assertThat(dead.headers()).containsEntry("tenant", "acme");
        assertThat(ipsync.payload(dead, TestOrder.class)).isEqualTo(TestOrder.of("bad-1", 0));
        assertThat(ipsync.deadLetters("orders")).extracting(DeadLetter::messageId).contains(id);
        assertThat(listener.shipped).doesNotContain("bad-1");
    }

    @Test
    void awaitHandledFailsWithTheReasonWhenTheMessageWasDeadLetteredInstead() {
        String id = ipsync.put("orders", TestOrder.of("bad-2", -1));

        assertThatThrownBy(() -> ipsync.awaitHandled("orders", id, TIMEOUT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Message " + id + " of the queue 'orders' was dead-lettered, not handled")
                .hasMessageContaining("order bad-2: quantity -1 is not positive")
                .hasMessageContaining("failed (attempt 2)");
    }

    @Test
    void awaitDeadLetteredFailsWhenTheMessageWasHandledInstead() {
        String id = ipsync.put("orders", TestOrder.of("good-2", 1));

        assertThatThrownBy(() -> ipsync.awaitDeadLettered("orders", id, TIMEOUT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Message " + id + " of the queue 'orders' was handled, not dead-lettered");
    }

    @Test
    void awaitHandledTimesOutNamingTheQueueTheMessageAndWhatTheQueueHolds() {
        String id = ipsync.put("idle", TestOrder.of("unattended", 1));

        assertThatThrownBy(() -> ipsync.awaitHandled("idle", id, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Message " + id + " of the queue 'idle' was not handled within PT0.2S")
                .hasMessageContaining("nothing happened to it in this context")
                .hasMessageContaining("QueueStats[waiting=1");
    }

    @Test
    void awaitWaitingReturnsTheCountersOnceTheMessagesWaitAndOtherwiseSaysWhatItSaw() {
        ipsync.put("parked", TestOrder.of("parked-1", 1));
        ipsync.put("parked", TestOrder.of("parked-2", 1));

        QueueStats stats = ipsync.awaitWaiting("parked", 2, TIMEOUT);

        assertThat(stats.waiting()).isEqualTo(2);
        assertThat(stats.inFlight()).isZero();
        assertThatThrownBy(() -> ipsync.awaitWaiting("parked", 3, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not have 3 waiting message(s) within PT0.2S")
                .hasMessageContaining("last seen: QueueStats[waiting=2");
    }

    @Test
    void aChannelNameThatIsNotConfiguredIsRefusedNamingThoseThatAre() {
        assertThatIllegalArgumentException().isThrownBy(() -> ipsync.put("order", TestOrder.of("typo", 1)))
                .withMessage("No queue named 'order' in this application context; its queues (under ipsync.queues):"
                        + " [orders, parked, idle]");
        assertThatIllegalArgumentException().isThrownBy(() -> ipsync.watchEvent("orders"))
                .withMessageContaining("No event named 'orders'")
                .withMessageContaining("[reload]");
    }

    @Test
    void anEventWatchSeesASignalMadeAfterItBegan() {
        try (EventWatch reload = ipsync.watchEvent("reload")) {
            ipsync.signal("reload");

            reload.awaitSignal(TIMEOUT);
        }
    }

    @Test
    void anEventWatchFailsNamingTheEventWhenNoSignalComes() {
        try (EventWatch reload = ipsync.watchEvent("reload")) {
            assertThatThrownBy(() -> reload.awaitSignal(SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("The event 'reload' (")
                    .hasMessageContaining("was not signalled within PT0.2S");
        }
    }

    @Test
    void aDataEventWatchReturnsTheValueAskedForPassingOverOthers() {
        try (DataEventWatch settings = ipsync.watchDataEvent("settings")) {
            ipsync.publish("settings", new TestSettings("EUR"));
            assertThat(settings.awaitValue(TestSettings.class, TIMEOUT)).isEqualTo(new TestSettings("EUR"));

            ipsync.publish("settings", new TestSettings("CHF"));
            assertThat(settings.awaitValue(TestSettings.class, value -> value.currency().equals("CHF"), TIMEOUT))
                    .isEqualTo(new TestSettings("CHF"));
        }
    }

    @Test
    void aDataEventWatchFailsListingTheValuesItPassedOver() {
        try (DataEventWatch settings = ipsync.watchDataEvent("settings")) {
            ipsync.publish("settings", new TestSettings("GBP"));

            assertThatThrownBy(() -> settings.awaitValue(TestSettings.class, value -> value.currency().equals("JPY"), SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("No value matching the condition was published on the data event 'settings'")
                    .hasMessageContaining("within PT0.2S")
                    .hasMessageContaining("values passed over: [TestSettings[currency=GBP]]");
        }
    }

    @Test
    void aValuePublishedByTheTestReachesTheApplicationsListener() throws InterruptedException {
        ipsync.publish("settings", new TestSettings("SEK"));

        TestSettings received;
        do {
            received = listener.settings.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(received).as("settings the listener received").isNotNull();
        } while (!received.currency().equals("SEK"));
    }
}
