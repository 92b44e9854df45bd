package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.listener.BatchFailedException;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Batch listeners ({@code batch = "true"}) on a real queue: batches up to the maximum size, of
 * payloads or of {@code Message}s, and how a batch is settled when all is well, when one element
 * fails ({@link BatchFailedException}), when the whole batch fails, and when one element cannot be
 * read. The listeners start after the messages are put, so that the batches are full.
 */
class ListenerBatchTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    private ApplicationContextRunner runner(Class<?> configuration) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(configuration)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders", "ipsync.max-attempts=3",
                        "ipsync.backoff.initial-interval=10ms", "ipsync.backoff.multiplier=1");
    }

    private static void putOrdersThenStart(AssertableApplicationContext context, int count) {
        JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
        orders.putAll(IntStream.range(0, count).mapToObj(i -> new Order("o-" + i)).toList());
        context.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainer("batches").start();
    }

    private static void awaitQueueEmpty(AssertableApplicationContext context) {
        JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
        await().atMost(PATIENCE).until(() -> orders.size() == 0 && orders.stats().inFlight() == 0
                && orders.stats().scheduledRetries() == 0);
    }

    /** Fails as each order's id says, on its first delivery only; records (id, attempt) per call. */
    static class BatchListener {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

        @IpsyncListener(id = "batches", value = "orders", batch = "true", maxBatchSize = "5", autoStartup = "false")
        void onOrders(List<Message<Order>> orders) {
            batches.add(orders.stream().map(message -> message.getPayload().id()).toList());
            for (int i = 0; i < orders.size(); i++) {
                Message<Order> message = orders.get(i);
                MessageMetadata metadata = (MessageMetadata) message.getHeaders().get(IpsyncHeaders.METADATA);
                attempts.computeIfAbsent(message.getPayload().id(), id -> new CopyOnWriteArrayList<>()).add(metadata.attempt());
            }
            for (int i = 0; i < orders.size(); i++) {
                MessageMetadata metadata = (MessageMetadata) orders.get(i).getHeaders().get(IpsyncHeaders.METADATA);
                if (orders.get(i).getPayload().id().equals("o-2") && metadata.attempt() == 1) {
                    throw new BatchFailedException(i, new IllegalStateException("carrier refused o-2"));
                }
                if (orders.get(i).getPayload().id().equals("o-7") && metadata.attempt() == 1) {
                    throw new IllegalStateException("the whole batch with o-7 failed");
                }
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BatchListenerConfiguration {
        @Bean
        BatchListener listener() {
            return new BatchListener();
        }
    }

    @Test
    void batchesHoldUpToTheMaximumAndAreSettledByHowTheMethodEnds() {
        runner(BatchListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            putOrdersThenStart(context, 10);
            awaitQueueEmpty(context);
            BatchListener listener = context.getBean(BatchListener.class);

            assertThat(listener.batches.get(0)).containsExactly("o-0", "o-1", "o-2", "o-3", "o-4");
            assertThat(listener.batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 5));
            assertThat(listener.attempts.get("o-0")).as("before the failed element: acknowledged").containsExactly(1);
            assertThat(listener.attempts.get("o-1")).containsExactly(1);
            // later batches may mix these with o-7's, which fails as a whole once: hence startsWith
            assertThat(listener.attempts.get("o-2")).as("the failed element: retried").startsWith(1, 2);
            assertThat(listener.attempts.get("o-3")).as("after it: given back, the attempt not counted")
                    .startsWith(1, 1);
            assertThat(listener.attempts.get("o-7")).as("a batch that failed as a whole: each retried").containsExactly(1, 2);
            assertThat(context.getBean("orders", JsonDataQueue.class).stats().deadLetters()).isZero();
        });
    }

    static class PayloadBatchListener {

        final List<List<Order>> batches = new CopyOnWriteArrayList<>();

        @IpsyncListener(id = "batches", value = "orders", batch = "true", autoStartup = "false")
        void onOrders(List<Order> orders) {
            batches.add(orders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PayloadBatchListenerConfiguration {
        @Bean
        PayloadBatchListener listener() {
            return new PayloadBatchListener();
        }
    }

    @Test
    void anElementThatCannotBeReadIsDeadLetteredAloneAndTheOthersAreHandled() {
        runner(PayloadBatchListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            orders.put(new Order("a"));
            String unreadable = orders.put(List.of("not", "an", "order"));
            orders.put(new Order("b"));
            context.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainer("batches").start();
            awaitQueueEmpty(context);

            DeadLetter letter = orders.deadLetters().list(10).stream().filter(dead -> dead.messageId().equals(unreadable))
                    .findFirst().orElseThrow();
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.reason()).startsWith("cannot be converted");
            assertThat(context.getBean(PayloadBatchListener.class).batches.stream().flatMap(List::stream))
                    .containsExactlyInAnyOrder(new Order("a"), new Order("b"));
        });
    }

    static class NotAListBatchListener {
        @IpsyncListener(value = "orders", batch = "true")
        void onOrder(Order order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAListBatchListenerConfiguration {
        @Bean
        NotAListBatchListener listener() {
            return new NotAListBatchListener();
        }
    }

    @Test
    void aBatchListenerThatTakesNoListFailsStartup() {
        runner(NotAListBatchListenerConfiguration.class).run(context -> assertThat(InvalidIpsyncListenerTests.failure(context))
                .hasMessageContaining("NotAListBatchListener.onOrder(Order)")
                .hasMessageContaining("a batch listener takes its batch as one List<T> or List<Message<T>> parameter"));
    }
}
