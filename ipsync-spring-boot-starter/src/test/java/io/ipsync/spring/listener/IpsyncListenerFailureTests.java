package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.Event;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageConversionException;
import io.ipsync.MessageMetadata;
import io.ipsync.Settlement;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.listener.ListenerFailure;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Listener methods that throw, payloads that do not convert, and the error handler that hears of both. */
class IpsyncListenerFailureTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id, int quantity) {
    }

    private ApplicationContextRunner runner(Class<?>... configurations) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(configurations)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.events.reload=reload.event", "ipsync.max-attempts=3",
                        "ipsync.backoff.initial-interval=10ms", "ipsync.backoff.multiplier=1");
    }

    private Path deadLetters() {
        return baseDir.resolve("orders/.ipsync/dead");
    }

    private JsonNode deadLetterReason(String message) throws Exception {
        Path dead = deadLetters().resolve(message);
        await().atMost(PATIENCE).until(() -> Files.exists(dead));
        return JsonMapper.builder().build().readTree(Files.readString(deadLetters().resolve("reason-" + message + ".json")));
    }

    static class FailingListener {

        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @IpsyncListener(value = "orders", id = "failing")
        void onOrder(Order order, MessageMetadata metadata) {
            attempts.add(metadata.attempt());
            throw new IllegalStateException("out of stock: " + order.id());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingListenerConfiguration {
        @Bean
        FailingListener failingListener() {
            return new FailingListener();
        }
    }

    @Test
    void failingMessageIsAttemptedMaxAttemptsTimesThenDeadLetteredWithTheReason() {
        runner(FailingListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            String name = context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));

            JsonNode reason = deadLetterReason(name);

            assertThat(context.getBean(FailingListener.class).attempts).containsExactly(1, 2, 3);
            assertThat(reason.get("attempts").asInt()).isEqualTo(3);
            assertThat(reason.get("reason").asString()).contains("3 of 3").contains("out of stock: A-17");
            assertThat(reason.get("exception").asString()).contains(IllegalStateException.class.getName());
            assertThat(Files.readString(deadLetters().resolve(name))).isEqualTo("{\"id\":\"A-17\",\"quantity\":3}");
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            assertThat(orders.stats().waiting()).isZero();
            assertThat(orders.stats().scheduledRetries()).isZero();
            assertThat(orders.stats().deadLetters()).isEqualTo(1);
        });
    }

    static class OrderListener {

        final BlockingQueue<Order> handled = new LinkedBlockingQueue<>();

        @IpsyncListener("orders")
        void onOrder(Order order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderListenerConfiguration {
        @Bean
        OrderListener orderListener() {
            return new OrderListener();
        }
    }

    static class RecordingErrorHandler implements ListenerErrorHandler {

        final List<ListenerFailure> failures = new CopyOnWriteArrayList<>();

        @Override
        public void handleError(ListenerFailure failure) {
            failures.add(failure);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ErrorHandlerConfiguration {
        @Bean
        RecordingErrorHandler recordingErrorHandler() {
            return new RecordingErrorHandler();
        }
    }

    @Test
    void payloadThatCannotBeConvertedIsDeadLetteredAfterOneAttempt() {
        runner(OrderListenerConfiguration.class, ErrorHandlerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            String unconvertible = orders.put(Map.of("id", "A-1", "quantity", "many"));
            orders.put(new Order("A-2", 2));

            JsonNode reason = deadLetterReason(unconvertible);

            assertThat(reason.get("attempts").asInt()).isEqualTo(1);
            assertThat(reason.get("reason").asString()).contains("cannot be converted");
            assertThat(context.getBean(OrderListener.class).handled.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new Order("A-2", 2));
            assertThat(context.getBean(OrderListener.class).handled).isEmpty();
            List<ListenerFailure> failures = context.getBean(RecordingErrorHandler.class).failures;
            assertThat(failures).singleElement().satisfies(failure -> {
                assertThat(failure.error()).isInstanceOf(MessageConversionException.class);
                assertThat(failure.settlement()).isEqualTo(Settlement.DEAD_LETTERED);
                assertThat(failure.message().name()).isEqualTo(unconvertible);
                assertThat(failure.message().attempt()).isEqualTo(1);
            });
        });
    }

    @Test
    void errorHandlerBeanHearsOfEveryFailedAttempt() {
        runner(FailingListenerConfiguration.class, ErrorHandlerConfiguration.class)
                .withPropertyValues("ipsync.max-attempts=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String name = context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
                    List<ListenerFailure> failures = context.getBean(RecordingErrorHandler.class).failures;

                    await().atMost(PATIENCE).until(() -> failures.size() == 2);

                    assertThat(failures).extracting(ListenerFailure::settlement)
                            .containsExactly(Settlement.RETRY_SCHEDULED, Settlement.DEAD_LETTERED);
                    assertThat(failures).extracting(failure -> failure.message().attempt()).containsExactly(1, 2);
                    assertThat(failures).allSatisfy(failure -> {
                        assertThat(failure.containerId()).isEqualTo("failing");
                        assertThat(failure.message().name()).isEqualTo(name);
                        assertThat(failure.error()).isInstanceOf(IllegalStateException.class)
                                .hasMessage("out of stock: A-17");
                    });
                });
    }

    static class FailingReloadListener {

        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @IpsyncListener(value = "reload", id = "reloader")
        void onReload() {
            calls.add("reload");
            throw new IllegalStateException("reload failed");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingReloadListenerConfiguration {
        @Bean
        FailingReloadListener failingReloadListener() {
            return new FailingReloadListener();
        }
    }

    @Test
    void eventListenerThatThrowsIsReportedAndKeepsListening() {
        runner(FailingReloadListenerConfiguration.class, ErrorHandlerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            Event reload = context.getBean("reload", Event.class);
            FailingReloadListener listener = context.getBean(FailingReloadListener.class);
            List<ListenerFailure> failures = context.getBean(RecordingErrorHandler.class).failures;

            reload.signal();
            assertThat(listener.calls.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            await().atMost(PATIENCE).until(() -> failures.size() == 1);
            reload.signal();
            assertThat(listener.calls.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();

            assertThat(failures.get(0).containerId()).isEqualTo("reloader");
            assertThat(failures.get(0).error()).hasMessage("reload failed");
            assertThat(failures.get(0).message()).isNull();
        });
    }
}
