package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.NotRetryableException;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.channel.IpsyncChannels;
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
 * {@code ipsync.not-retryable-exceptions} and a queue's own {@code not-retryable-exceptions}: a
 * listener failure of a named class (a subclass, or caused by one) is dead-lettered on its first
 * attempt, with a reason saying it was not retried; other failures are retried as before.
 */
class NotRetryableExceptionsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id, String failure) {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(FailingListenersConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.max-attempts=3",
                        "ipsync.backoff.initial-interval=10ms", "ipsync.backoff.multiplier=1",
                        "ipsync.queues.orders.path=orders", "ipsync.queues.invoices.path=invoices");
    }

    /** Listeners that throw what the order asks for, recording each attempt. */
    static class FailingListeners {

        final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

        @IpsyncListener("orders")
        void onOrder(Order order, MessageMetadata metadata) {
            fail(order, metadata);
        }

        @IpsyncListener("invoices")
        void onInvoice(Order order, MessageMetadata metadata) {
            fail(order, metadata);
        }

        private void fail(Order order, MessageMetadata metadata) {
            attempts.computeIfAbsent(order.id(), id -> new CopyOnWriteArrayList<>()).add(metadata.attempt());
            switch (order.failure()) {
                case "illegal argument" -> throw new IllegalArgumentException("quantity 0 of " + order.id());
                case "wrapped" -> throw new IllegalStateException("service failed", new IllegalArgumentException("bad id"));
                case "unsupported" -> throw new UnsupportedOperationException("no gift wrap for " + order.id());
                case "marked" -> throw new NotRetryableException("customer of " + order.id() + " unknown");
                default -> throw new IllegalStateException("database down");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingListenersConfiguration {
        @Bean
        FailingListeners failingListeners() {
            return new FailingListeners();
        }
    }

    @Test
    void aQueuesNotRetryableExceptionIsDeadLetteredOnItsFirstAttemptAndOnlyOnThatQueue() {
        runner().withPropertyValues("ipsync.queues.orders.not-retryable-exceptions=java.lang.IllegalArgumentException")
                .run(context -> {
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    JsonDataQueue invoices = context.getBean("invoices", JsonDataQueue.class);
                    String bad = orders.put(new Order("o-1", "illegal argument"));
                    String wrapped = orders.put(new Order("o-2", "wrapped"));
                    String flaky = orders.put(new Order("o-3", "database down"));
                    String invoice = invoices.put(new Order("i-1", "illegal argument"));

                    DeadLetter badLetter = deadLetter(orders, bad);
                    assertThat(badLetter.attempts()).isEqualTo(1);
                    assertThat(badLetter.reason()).isEqualTo("not retried (attempt 1 of 3), java.lang.IllegalArgumentException"
                            + " is not retryable: java.lang.IllegalArgumentException: quantity 0 of o-1");
                    assertThat(badLetter.exception()).startsWith("java.lang.IllegalArgumentException: quantity 0 of o-1");
                    assertThat(deadLetter(orders, wrapped).reason())
                            .contains("its cause java.lang.IllegalArgumentException is not retryable")
                            .endsWith("caused by java.lang.IllegalArgumentException: bad id");
                    assertThat(deadLetter(orders, flaky).reason()).startsWith("failed on its last attempt (3 of 3)");
                    assertThat(deadLetter(invoices, invoice).reason()).as("another queue retries it")
                            .startsWith("failed on its last attempt (3 of 3)");

                    Map<String, List<Integer>> attempts = context.getBean(FailingListeners.class).attempts;
                    assertThat(attempts.get("o-1")).containsExactly(1);
                    assertThat(attempts.get("o-2")).containsExactly(1);
                    assertThat(attempts.get("o-3")).containsExactly(1, 2, 3);
                    assertThat(attempts.get("i-1")).containsExactly(1, 2, 3);
                });
    }

    @Test
    void theGlobalNotRetryableExceptionsApplyToEveryQueueAndAQueuesOwnAddToThem() {
        runner().withPropertyValues("ipsync.not-retryable-exceptions=java.lang.IllegalArgumentException",
                        "ipsync.queues.invoices.not-retryable-exceptions=java.lang.UnsupportedOperationException")
                .run(context -> {
                    IpsyncChannels channels = context.getBean(IpsyncChannels.class);
                    assertThat(channels.find("orders").orElseThrow().notRetryable())
                            .containsExactly(IllegalArgumentException.class);
                    assertThat(channels.find("invoices").orElseThrow().notRetryable())
                            .containsExactly(IllegalArgumentException.class, UnsupportedOperationException.class);

                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    JsonDataQueue invoices = context.getBean("invoices", JsonDataQueue.class);
                    String subclass = orders.put(new Order("o-1", "illegal argument"));
                    String ordersUnsupported = orders.put(new Order("o-2", "unsupported"));
                    String invoiceBad = invoices.put(new Order("i-1", "illegal argument"));
                    String invoiceUnsupported = invoices.put(new Order("i-2", "unsupported"));

                    assertThat(deadLetter(orders, subclass).attempts()).isEqualTo(1);
                    assertThat(deadLetter(orders, ordersUnsupported).attempts()).isEqualTo(3);
                    assertThat(deadLetter(invoices, invoiceBad).attempts()).isEqualTo(1);
                    assertThat(deadLetter(invoices, invoiceUnsupported).reason())
                            .startsWith("not retried (attempt 1 of 3), java.lang.UnsupportedOperationException");
                });
    }

    @Test
    void aListenerThrowingNotRetryableExceptionIsDeadLetteredAtOnceWithoutConfiguration() {
        runner().run(context -> {
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            String marked = orders.put(new Order("o-1", "marked"));

            DeadLetter letter = deadLetter(orders, marked);
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.reason()).isEqualTo("not retried (attempt 1 of 3), io.ipsync.NotRetryableException is not"
                    + " retryable: io.ipsync.NotRetryableException: customer of o-1 unknown");
        });
    }

    /** The message's dead letter, once it is there. */
    private static DeadLetter deadLetter(JsonDataQueue queue, String messageId) {
        return await().atMost(PATIENCE).until(() -> queue.deadLetters().list(100).stream()
                .filter(letter -> letter.messageId().equals(messageId)).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }
}
