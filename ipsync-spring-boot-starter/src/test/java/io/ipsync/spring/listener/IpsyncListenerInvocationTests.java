package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.JsonPayload;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** What {@code @IpsyncListener} methods are called with, for each kind of channel and each parameter form. */
class IpsyncListenerInvocationTests {

    private static final long PATIENCE_SECONDS = 20;

    @TempDir
    Path baseDir;

    record Order(String id, int quantity) {
    }

    record ShopSettings(int maxItems) {
    }

    /** Records what a listener was called with. */
    abstract static class Recorder {

        final BlockingQueue<Object> calls = new LinkedBlockingQueue<>();

        Object nextCall() throws InterruptedException {
            Object call = calls.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(call).as("a call of the listener within %d s", PATIENCE_SECONDS).isNotNull();
            return call;
        }
    }

    private ApplicationContextRunner runner(Class<?> listeners) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(listeners)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.data-events.settings=settings.json", "ipsync.events.reload=reload.event");
    }

    // ---- queue payloads

    static class RecordListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(Order order) {
            calls.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordListenerConfiguration {
        @Bean
        RecordListener listener() {
            return new RecordListener();
        }
    }

    @Test
    void queueListenerReceivesTheMessageAsItsRecordParameter() {
        runner(RecordListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
            assertThat(context.getBean(RecordListener.class).nextCall()).isEqualTo(new Order("A-17", 3));
        });
    }

    /** Puts a message as a jk_interprocesssync producer does: written aside, renamed to {@code q_<nanos>_<32 letters>}. */
    private static void putAsPythonProducer(Path queue, String json) throws Exception {
        String name = "q_" + System.currentTimeMillis() + "000000_" + "pythonProducerPythonProducerPyth";
        Path temp = Files.writeString(queue.resolve("tmp_" + name + ".tmp"), json);
        Files.move(temp, queue.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void messageOfAPythonProducerIsReceivedIgnoringUnknownFields() {
        runner(RecordListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            putAsPythonProducer(baseDir.resolve("orders"), "{\"id\": \"P-1\", \"quantity\": 4, \"unknown_field\": true}");
            assertThat(context.getBean(RecordListener.class).nextCall()).isEqualTo(new Order("P-1", 4));
        });
    }

    record SnakeOrder(String orderId, int itemCount) {
    }

    static class SnakeOrderListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(SnakeOrder order) {
            calls.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SnakeOrderListenerConfiguration {
        @Bean
        SnakeOrderListener listener() {
            return new SnakeOrderListener();
        }
    }

    @Test
    void payloadIsReadWithTheNamingStrategyOfTheApplicationsJsonMapper() {
        runner(SnakeOrderListenerConfiguration.class)
                .withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    putAsPythonProducer(baseDir.resolve("orders"), "{\"order_id\": \"P-1\", \"item_count\": 4}");
                    assertThat(context.getBean(SnakeOrderListener.class).nextCall()).isEqualTo(new SnakeOrder("P-1", 4));
                });
    }

    static class GenericListListener extends Recorder {
        @IpsyncListener("orders")
        void onOrders(List<Order> orders) {
            calls.add(orders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GenericListListenerConfiguration {
        @Bean
        GenericListListener listener() {
            return new GenericListListener();
        }
    }

    @Test
    void queueListenerReceivesAGenericListWithItsElementType() {
        runner(GenericListListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(List.of(new Order("A", 1), new Order("B", 2)));
            assertThat(context.getBean(GenericListListener.class).nextCall()).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactly(new Order("A", 1), new Order("B", 2));
        });
    }

    static class TreeListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(JsonNode order) {
            calls.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TreeListenerConfiguration {
        @Bean
        TreeListener listener() {
            return new TreeListener();
        }
    }

    @Test
    void queueListenerReceivesTheJsonTree() {
        runner(TreeListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
            JsonNode order = (JsonNode) context.getBean(TreeListener.class).nextCall();
            assertThat(order.get("id").asString()).isEqualTo("A-17");
            assertThat(order.get("quantity").asInt()).isEqualTo(3);
        });
    }

    static class TextListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(String json) {
            calls.add(json);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TextListenerConfiguration {
        @Bean
        TextListener listener() {
            return new TextListener();
        }
    }

    @Test
    void queueListenerWithAStringParameterReceivesTheRawJsonText() {
        runner(TextListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
            context.getBean("orders", JsonDataQueue.class).put("just text");
            TextListener listener = context.getBean(TextListener.class);
            assertThat(listener.nextCall()).isEqualTo("{\"id\":\"A-17\",\"quantity\":3}");
            assertThat(listener.nextCall()).isEqualTo("\"just text\"");
        });
    }

    static class PayloadListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(JsonPayload payload) {
            calls.add(payload);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PayloadListenerConfiguration {
        @Bean
        PayloadListener listener() {
            return new PayloadListener();
        }
    }

    @Test
    void queueListenerReceivesTheJsonPayloadItself() {
        runner(PayloadListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            String name = context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
            JsonPayload payload = (JsonPayload) context.getBean(PayloadListener.class).nextCall();
            assertThat(payload.as(Order.class)).isEqualTo(new Order("A-17", 3));
            assertThat(payload.source()).endsWith(name);
        });
    }

    static class MetadataListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(Order order, MessageMetadata metadata) {
            calls.add(List.of(order, metadata));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MetadataListenerConfiguration {
        @Bean
        MetadataListener listener() {
            return new MetadataListener();
        }
    }

    @Test
    void queueListenerReceivesThePayloadWithItsMetadata() {
        runner(MetadataListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            String name = orders.put(new Order("A-17", 3));
            List<?> call = (List<?>) context.getBean(MetadataListener.class).nextCall();
            assertThat(call.get(0)).isEqualTo(new Order("A-17", 3));
            MessageMetadata metadata = (MessageMetadata) call.get(1);
            assertThat(metadata.attempt()).isEqualTo(1);
            assertThat(metadata.name()).isEqualTo(name);
            assertThat(metadata.producerId()).matches("[A-Za-z]{32}");
            assertThat(name).endsWith("_" + metadata.producerId());
            assertThat(metadata.queue()).isEqualTo(orders.location());
            assertThat(metadata.timestamp()).isNotNull();
        });
    }

    static class SettlingListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(Order order, ReceivedMessage message) {
            if (order.quantity() < 1) {
                message.deadLetter("quantity must be positive", null);
            }
            calls.add(order.id() + ":" + message.settlement());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SettlingListenerConfiguration {
        @Bean
        SettlingListener listener() {
            return new SettlingListener();
        }
    }

    @Test
    void queueListenerMaySettleTheReceivedMessageItselfAndOtherwiseItIsAcknowledged() {
        runner(SettlingListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            String refused = orders.put(new Order("bad", 0));
            orders.put(new Order("good", 1));
            SettlingListener listener = context.getBean(SettlingListener.class);
            assertThat(listener.nextCall()).isEqualTo("bad:DEAD_LETTERED");
            assertThat(listener.nextCall()).isEqualTo("good:PENDING");
            assertThat(Files.readString(baseDir.resolve("orders/.ipsync/dead/reason-" + refused + ".json")))
                    .contains("quantity must be positive");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(PATIENCE_SECONDS))
                    .until(() -> orders.stats().inFlight() == 0 && orders.size() == 0);
            assertThat(orders.stats().deadLetters()).isEqualTo(1);
        });
    }

    /** Hands back, for each message, a future the test completes: the work is done when it completes. */
    static class AsyncListener {
        final BlockingQueue<CompletableFuture<Void>> pending = new LinkedBlockingQueue<>();

        @IpsyncListener("orders")
        CompletableFuture<Void> onOrder(Order order) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            return done;
        }

        CompletableFuture<Void> nextWork() throws InterruptedException {
            CompletableFuture<Void> work = pending.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(work).as("a call of the listener within %d s", PATIENCE_SECONDS).isNotNull();
            return work;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AsyncListenerConfiguration {
        @Bean
        AsyncListener listener() {
            return new AsyncListener();
        }
    }

    @Test
    void aListenerThatReturnsAFutureHasItsMessageSettledWhenTheFutureCompletes() {
        runner(AsyncListenerConfiguration.class).withPropertyValues("ipsync.max-attempts=1").run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            AsyncListener listener = context.getBean(AsyncListener.class);
            orders.put(new Order("shipped", 1));
            CompletableFuture<Void> shipping = listener.nextWork();
            assertThat(orders.stats().inFlight()).as("claimed while the work goes on").isEqualTo(1);
            shipping.complete(null);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(PATIENCE_SECONDS))
                    .until(() -> orders.stats().inFlight() == 0 && orders.size() == 0);
            assertThat(orders.stats().deadLetters()).isZero();

            String failing = orders.put(new Order("lost in transit", 1));
            listener.nextWork().completeExceptionally(new IllegalStateException("the carrier refused it"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(PATIENCE_SECONDS))
                    .until(() -> orders.stats().deadLetters() == 1);
            assertThat(Files.readString(baseDir.resolve("orders/.ipsync/dead/reason-" + failing + ".json")))
                    .contains("the carrier refused it");
        });
    }

    /**
     * A stop that interrupts a listener still waiting for its future (after
     * ipsync.shutdown-timeout) gives the message back to the queue, and cancels the future, so
     * that the work does not go on beside another consumer's handling of the same message.
     */
    @Test
    void aStopThatGivesBackTheMessageOfAFutureStillRunningCancelsTheFuture() {
        runner(AsyncListenerConfiguration.class).withPropertyValues("ipsync.shutdown-timeout=200ms").run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            AsyncListener listener = context.getBean(AsyncListener.class);
            String name = orders.put(new Order("slow carrier", 1));
            CompletableFuture<Void> shipping = listener.nextWork();

            context.close();

            List<String> waiting;
            try (var entries = Files.list(baseDir.resolve("orders"))) {
                waiting = entries.map(path -> path.getFileName().toString()).filter(n -> n.startsWith("q_")).toList();
            }
            assertThat(waiting).as("the message went back to the queue").containsExactly(name);
            assertThat(shipping).as("the work of a message that went back to the queue").isCancelled();
        });
    }

    // ---- data events and events

    static class SettingsListener extends Recorder {
        @IpsyncListener("settings")
        void onSettings(ShopSettings settings) {
            calls.add(settings);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SettingsListenerConfiguration {
        @Bean
        SettingsListener listener() {
            return new SettingsListener();
        }
    }

    @Test
    void dataEventListenerReceivesEachNewValue() {
        runner(SettingsListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataEvent settings = context.getBean("settings", JsonDataEvent.class);
            SettingsListener listener = context.getBean(SettingsListener.class);
            settings.signal(new ShopSettings(5));
            assertThat(listener.nextCall()).isEqualTo(new ShopSettings(5));
            settings.signal(new ShopSettings(6));
            assertThat(listener.nextCall()).isEqualTo(new ShopSettings(6));
        });
    }

    @Test
    void dataEventListenerReceivesTheValueThatExistsAtStartup() throws Exception {
        Files.writeString(baseDir.resolve("settings.json"), "{\"maxItems\":9}");
        runner(SettingsListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SettingsListener.class).nextCall()).isEqualTo(new ShopSettings(9));
        });
    }

    static class SettingsChangedListener extends Recorder {
        @IpsyncListener("settings")
        void onSettingsChanged() {
            calls.add("changed");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SettingsChangedListenerConfiguration {
        @Bean
        SettingsChangedListener listener() {
            return new SettingsChangedListener();
        }
    }

    @Test
    void dataEventListenerWithoutParameterIsCalledOnANewValue() {
        runner(SettingsChangedListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("settings", JsonDataEvent.class).signal(new ShopSettings(5));
            assertThat(context.getBean(SettingsChangedListener.class).nextCall()).isEqualTo("changed");
        });
    }

    static class ReloadListener extends Recorder {
        @IpsyncListener("reload")
        void onReload() {
            calls.add("reload");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReloadListenerConfiguration {
        @Bean
        ReloadListener listener() {
            return new ReloadListener();
        }
    }

    @Test
    void eventListenerIsCalledWhenTheEventIsSignalled() {
        runner(ReloadListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(Files.exists(baseDir.resolve("reload.event"))).isFalse();
            context.getBean("reload", Event.class).signal();
            assertThat(context.getBean(ReloadListener.class).nextCall()).isEqualTo("reload");
        });
    }

    // ---- several listeners of one channel

    static class TwoReloadListeners {
        final CountDownLatch first = new CountDownLatch(1);

        final CountDownLatch second = new CountDownLatch(1);

        @IpsyncListener("reload")
        void reloadCatalogue() {
            first.countDown();
        }

        @IpsyncListener("reload")
        void reloadPrices() {
            second.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoReloadListenersConfiguration {
        @Bean
        TwoReloadListeners listeners() {
            return new TwoReloadListeners();
        }
    }

    @Test
    void everyListenerOfAnEventIsCalledForOneSignal() {
        runner(TwoReloadListenersConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("reload", Event.class).signal();
            TwoReloadListeners listeners = context.getBean(TwoReloadListeners.class);
            assertThat(listeners.first.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(listeners.second.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        });
    }

    static class TwoOrderListeners {
        final List<String> handled = Collections.synchronizedList(new ArrayList<>());

        final CountDownLatch all = new CountDownLatch(50);

        @IpsyncListener("orders")
        void pack(Order order, MessageMetadata metadata) {
            handled.add(metadata.name());
            all.countDown();
        }

        @IpsyncListener("orders")
        void ship(Order order, MessageMetadata metadata) {
            handled.add(metadata.name());
            all.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoOrderListenersConfiguration {
        @Bean
        TwoOrderListeners listeners() {
            return new TwoOrderListeners();
        }
    }

    @Test
    void listenersOfOneQueueShareItsMessagesEachHandledOnce() {
        runner(TwoOrderListenersConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            List<String> names = context.getBean("orders", JsonDataQueue.class)
                    .putAll(IntStream.range(0, 50).mapToObj(i -> new Order("o" + i, i)).toList());
            TwoOrderListeners listeners = context.getBean(TwoOrderListeners.class);
            assertThat(listeners.all.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            context.close();
            assertThat(listeners.handled).hasSize(50);
            Set<String> distinct = new HashSet<>(listeners.handled);
            assertThat(distinct).containsExactlyInAnyOrderElementsOf(names);
        });
    }
}
