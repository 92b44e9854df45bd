package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
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
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * What a listener's queue messages are never retried for, with real queues: payloads that fail
 * Bean Validation or cannot be converted (by default), and the exception types a listener names
 * in {@code @IpsyncListener(notRetryable = ...)} (subclasses and causes too), on top of the
 * queue's own. Each is dead-lettered on its first attempt, with the reason.
 */
class ListenerNotRetriedTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(@NotBlank String id, @Positive int quantity) {
    }

    static class CustomerUnknownException extends IllegalArgumentException {
        CustomerUnknownException(String message) {
            super(message);
        }
    }

    private ApplicationContextRunner runner(Class<?> configuration) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
                        IpsyncAutoConfiguration.class))
                .withUserConfiguration(configuration)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.max-attempts=3",
                        "ipsync.backoff.initial-interval=10ms", "ipsync.backoff.multiplier=1",
                        "ipsync.queues.orders.path=orders", "ipsync.queues.invoices.path=invoices", "bad.orders=java.lang.IllegalStateException");
    }

    static class ValidatingListeners {

        final Map<String, List<Integer>> calls = new ConcurrentHashMap<>();

        @IpsyncListener("orders")
        void onOrder(@Valid Order order, MessageMetadata metadata) {
            calls.computeIfAbsent(order.id(), id -> new CopyOnWriteArrayList<>()).add(metadata.attempt());
        }

        @IpsyncListener("invoices")
        void onInvoice(@Validated Order order, MessageMetadata metadata) {
            calls.computeIfAbsent(order.id(), id -> new CopyOnWriteArrayList<>()).add(metadata.attempt());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ValidatingListenersConfiguration {
        @Bean
        ValidatingListeners listeners() {
            return new ValidatingListeners();
        }
    }

    @Test
    void anInvalidPayloadNeverReachesTheMethodAndIsDeadLetteredAtOnceWithItsViolations() {
        runner(ValidatingListenersConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            JsonDataQueue invoices = context.getBean("invoices", JsonDataQueue.class);
            String invalid = orders.put(new Order("o-1", 0));
            String invalidInvoice = invoices.put(new Order(" ", 2));
            orders.put(new Order("o-2", 1));

            DeadLetter letter = deadLetter(orders, invalid);
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.reason()).startsWith("not retried (attempt 1 of 3)")
                    .contains("The payload for listener 'listeners.onOrder' is not valid: quantity must be greater than 0"
                            + " (was 0)");
            assertThat(deadLetter(invoices, invalidInvoice).reason()).contains("id must not be blank");
            await().atMost(PATIENCE).until(() -> context.getBean(ValidatingListeners.class).calls.containsKey("o-2"));
            assertThat(context.getBean(ValidatingListeners.class).calls).containsOnlyKeys("o-2");
        });
    }

    @Test
    void withoutBeanValidationTheAnnotationIsIgnored() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(ValidatingListenersConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.queues.invoices=invoices")
                .run(context -> {
                    context.getBean("orders", JsonDataQueue.class).put(new Order("o-1", 0));
                    await().atMost(PATIENCE).until(() -> context.getBean(ValidatingListeners.class).calls.containsKey("o-1"));
                });
    }

    @Test
    void aPayloadThatCannotBeConvertedIsDeadLetteredAtOnce() {
        runner(ValidatingListenersConfiguration.class).run(context -> {
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            String unreadable = orders.put(List.of("not", "an", "order"));
            DeadLetter letter = deadLetter(orders, unreadable);
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.reason()).startsWith("cannot be converted");
        });
    }

    /** Throws what the order's id asks for, recording each attempt. */
    static class PickyListeners {

        final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

        @IpsyncListener(value = "orders", notRetryable = IllegalArgumentException.class)
        void onOrder(Order order, MessageMetadata metadata) {
            fail(order, metadata);
        }

        @IpsyncListener(value = "invoices", notRetryableExceptions = "${bad.orders}")
        void onInvoice(Order order, MessageMetadata metadata) {
            fail(order, metadata);
        }

        private void fail(Order order, MessageMetadata metadata) {
            attempts.computeIfAbsent(order.id(), id -> new CopyOnWriteArrayList<>()).add(metadata.attempt());
            switch (order.id()) {
                case "subclass" -> throw new CustomerUnknownException("no customer for " + order.id());
                case "cause" -> throw new IllegalStateException("service failed", new IllegalArgumentException("bad id"));
                case "unsupported" -> throw new UnsupportedOperationException("no gift wrap");
                default -> throw new IllegalStateException("database down");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PickyListenersConfiguration {
        @Bean
        PickyListeners listeners() {
            return new PickyListeners();
        }
    }

    @Test
    void aListenersNotRetryableTypesCoverSubclassesAndCausesAndAddToTheQueues() {
        runner(PickyListenersConfiguration.class)
                .withPropertyValues("ipsync.queues.orders.not-retryable-exceptions=java.lang.UnsupportedOperationException")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    JsonDataQueue invoices = context.getBean("invoices", JsonDataQueue.class);
                    String subclass = orders.put(new Order("subclass", 1));
                    String cause = orders.put(new Order("cause", 1));
                    String queueOwn = orders.put(new Order("unsupported", 1));
                    String retried = orders.put(new Order("flaky", 1));
                    String byName = invoices.put(new Order("flaky-invoice", 1));

                    DeadLetter subclassLetter = deadLetter(orders, subclass);
                    assertThat(subclassLetter.attempts()).isEqualTo(1);
                    assertThat(subclassLetter.reason()).startsWith("not retried (attempt 1 of 3)").contains(
                            CustomerUnknownException.class.getName() + " is not retryable for listener 'listeners.onOrder'");
                    assertThat(deadLetter(orders, cause).reason()).startsWith("not retried (attempt 1 of 3)")
                            .contains("java.lang.IllegalArgumentException is not retryable for listener");
                    assertThat(deadLetter(orders, queueOwn).reason())
                            .startsWith("not retried (attempt 1 of 3), java.lang.UnsupportedOperationException");
                    assertThat(deadLetter(orders, retried).reason()).startsWith("failed on its last attempt (3 of 3)");
                    assertThat(deadLetter(invoices, byName).reason()).startsWith("not retried (attempt 1 of 3)")
                            .contains("java.lang.IllegalStateException is not retryable for listener 'listeners.onInvoice'");

                    Map<String, List<Integer>> attempts = context.getBean(PickyListeners.class).attempts;
                    assertThat(attempts.get("subclass")).containsExactly(1);
                    assertThat(attempts.get("cause")).containsExactly(1);
                    assertThat(attempts.get("flaky")).containsExactly(1, 2, 3);
                    assertThat(attempts.get("flaky-invoice")).containsExactly(1);
                });
    }

    static class UnknownTypeListener {
        @IpsyncListener(value = "orders", notRetryableExceptions = "com.example.NoSuchException")
        void onOrder(Order order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownTypeListenerConfiguration {
        @Bean
        UnknownTypeListener listener() {
            return new UnknownTypeListener();
        }
    }

    @Test
    void aNotRetryableExceptionNameThatIsNoClassFailsStartupNamingTheAttribute() {
        runner(UnknownTypeListenerConfiguration.class).run(context -> assertThat(InvalidIpsyncListenerTests.failure(context))
                .hasMessageContaining("UnknownTypeListener.onOrder(Order)")
                .hasMessageContaining("'notRetryableExceptions' is 'com.example.NoSuchException'"));
    }

    /** The message's dead letter, once it is there. */
    private static DeadLetter deadLetter(JsonDataQueue queue, String messageId) {
        return await().atMost(PATIENCE).until(() -> queue.deadLetters().list(100).stream()
                .filter(letter -> letter.messageId().equals(messageId)).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }
}
