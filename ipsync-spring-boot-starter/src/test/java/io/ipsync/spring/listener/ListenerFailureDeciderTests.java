package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.Settlement;
import io.ipsync.listener.FailureDecider;
import io.ipsync.listener.FailureDecision;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link FailureDecider} bean decides what becomes of a failed queue message before it is
 * settled: retried after its own delay (within the queue's max attempts), dead-lettered with its
 * reason, given back, or left to the queue's policy; the {@link ListenerErrorHandler} still hears
 * of every failure afterwards, with the settlement made. Real queues in a temporary directory.
 */
class ListenerFailureDeciderTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    static class FailingListener {

        final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

        @IpsyncListener("orders")
        void onOrder(Order order, MessageMetadata metadata) {
            attempts.computeIfAbsent(order.id(), id -> new CopyOnWriteArrayList<>()).add(metadata.attempt());
            throw new IllegalStateException(order.id() + " failed");
        }
    }

    /** Decides by the order's id, as an application decides by the exception. */
    static class Decider implements FailureDecider {

        final Map<String, Integer> givenBack = new ConcurrentHashMap<>();

        @Override
        public FailureDecision decide(io.ipsync.ReceivedMessage message, Throwable failure) {
            String id = message.payload().as(Order.class).id();
            return switch (id) {
                case "rate-limited" -> message.metadata().attempt() < 2 ? FailureDecision.retryAfter(Duration.ofMillis(20))
                        : FailureDecision.deadLetter("gave up after 2 rate limits");
                case "retried-to-the-end" -> FailureDecision.retryAfter(Duration.ZERO);
                case "blocked" -> FailureDecision.deadLetter("customer blocked");
                case "unreachable" -> givenBack.merge(id, 1, Integer::sum) == 1 ? FailureDecision.giveBack()
                        : FailureDecision.byQueue();
                case "decider-fails" -> throw new IllegalArgumentException("bug in the decider");
                default -> FailureDecision.byQueue();
            };
        }
    }

    static class RecordingErrorHandler implements ListenerErrorHandler {

        final Map<String, List<Settlement>> settlements = new ConcurrentHashMap<>();

        @Override
        public void handleError(io.ipsync.listener.ListenerFailure failure) {
            settlements.computeIfAbsent(failure.error().getMessage(), id -> new CopyOnWriteArrayList<>())
                    .add(failure.settlement());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DecidingConfiguration {
        @Bean
        FailingListener listener() {
            return new FailingListener();
        }

        @Bean
        Decider decider() {
            return new Decider();
        }

        @Bean
        RecordingErrorHandler errorHandler() {
            return new RecordingErrorHandler();
        }
    }

    @Test
    void theDecidersDecisionSettlesTheMessageAndTheErrorHandlerHearsOfItAfterwards() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(DecidingConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders", "ipsync.max-attempts=3",
                        "ipsync.backoff.initial-interval=10ms", "ipsync.backoff.multiplier=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    String rateLimited = orders.put(new Order("rate-limited"));
                    String blocked = orders.put(new Order("blocked"));
                    String unreachable = orders.put(new Order("unreachable"));
                    String byQueue = orders.put(new Order("flaky"));
                    String toTheEnd = orders.put(new Order("retried-to-the-end"));
                    String deciderFails = orders.put(new Order("decider-fails"));

                    assertThat(deadLetter(orders, rateLimited).reason())
                            .isEqualTo("gave up after 2 rate limits: java.lang.IllegalStateException: rate-limited failed");
                    assertThat(deadLetter(orders, toTheEnd).reason()).as("the queue's max attempts bound its retries")
                            .startsWith("failed on its last attempt (3 of 3)");
                    assertThat(deadLetter(orders, blocked).reason())
                            .isEqualTo("customer blocked: java.lang.IllegalStateException: blocked failed");
                    assertThat(deadLetter(orders, unreachable).reason()).startsWith("failed on its last attempt (3 of 3)");
                    assertThat(deadLetter(orders, byQueue).reason()).startsWith("failed on its last attempt (3 of 3)");
                    assertThat(deadLetter(orders, deciderFails).reason()).as("the queue's policy, when the decider throws")
                            .startsWith("failed on its last attempt (3 of 3)");

                    Map<String, List<Integer>> attempts = context.getBean(FailingListener.class).attempts;
                    assertThat(attempts.get("rate-limited")).containsExactly(1, 2);
                    assertThat(attempts.get("blocked")).containsExactly(1);
                    assertThat(attempts.get("unreachable")).as("given back: the attempt did not count")
                            .containsExactly(1, 1, 2, 3);
                    assertThat(attempts.get("retried-to-the-end")).containsExactly(1, 2, 3);

                    Map<String, List<Settlement>> told = context.getBean(RecordingErrorHandler.class).settlements;
                    await().atMost(PATIENCE).until(() -> told.getOrDefault("unreachable failed", List.of()).size() == 4);
                    assertThat(told.get("rate-limited failed")).containsExactly(Settlement.RETRY_SCHEDULED,
                            Settlement.DEAD_LETTERED);
                    assertThat(told.get("blocked failed")).containsExactly(Settlement.DEAD_LETTERED);
                    assertThat(told.get("unreachable failed")).containsExactly(Settlement.RELEASED,
                            Settlement.RETRY_SCHEDULED, Settlement.RETRY_SCHEDULED, Settlement.DEAD_LETTERED);
                });
    }

    /** The message's dead letter, once it is there. */
    private static DeadLetter deadLetter(JsonDataQueue queue, String messageId) {
        return await().atMost(PATIENCE).until(() -> queue.deadLetters().list(100).stream()
                .filter(letter -> letter.messageId().equals(messageId)).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }
}
