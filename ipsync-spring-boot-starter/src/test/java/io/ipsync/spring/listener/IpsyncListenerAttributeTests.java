package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The attributes of {@code @IpsyncListener} ({@code ${...}} placeholders and {@code #{...}}
 * expressions included), and listeners started, paused and resumed through the registry.
 */
class IpsyncListenerAttributeTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    static class OrderListener {

        final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

        String nextHandled() throws InterruptedException {
            String order = handled.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(order).as("an order handled within %s", PATIENCE).isNotNull();
            return order;
        }
    }

    private ApplicationContextRunner runner(Class<?> listeners) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(listeners)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.queues.invoices=invoices");
    }

    static class PlaceholderListener extends OrderListener {
        @IpsyncListener(value = "${app.channel}", id = "${app.listener-id}", concurrency = "${app.concurrency}",
                autoStartup = "${app.auto-startup}")
        void onOrder(String order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlaceholderConfiguration {
        @Bean
        PlaceholderListener placeholderListener() {
            return new PlaceholderListener();
        }
    }

    @Test
    void placeholdersResolveInEveryAttribute() {
        runner(PlaceholderConfiguration.class)
                .withPropertyValues("app.channel=invoices", "app.listener-id=invoice-worker", "app.concurrency=3",
                        "app.auto-startup=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IpsyncListenerContainer container = context.getBean(IpsyncListenerEndpointRegistry.class)
                            .getListenerContainer("invoice-worker");
                    assertThat(container).isNotNull();
                    assertThat(container.endpoint().channel().name()).isEqualTo("invoices");
                    assertThat(container.endpoint().concurrency()).isEqualTo(3);
                    assertThat(container.isAutoStartup()).isFalse();
                    assertThat(container.isRunning()).isFalse();
                });
    }

    static class ExpressionListener extends OrderListener {
        @IpsyncListener(value = "#{'ord' + 'ers'}", id = "#{'expression-' + 'worker'}", concurrency = "#{1 + 1}")
        void onOrder(String order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExpressionConfiguration {
        @Bean
        ExpressionListener expressionListener() {
            return new ExpressionListener();
        }
    }

    @Test
    void expressionsResolveInAttributes() {
        runner(ExpressionConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            IpsyncListenerContainer container = context.getBean(IpsyncListenerEndpointRegistry.class)
                    .getListenerContainer("expression-worker");
            assertThat(container.endpoint().channel().name()).isEqualTo("orders");
            assertThat(container.endpoint().concurrency()).isEqualTo(2);
            assertThat(container.isRunning()).isTrue();
            context.getBean("orders", JsonDataQueue.class).put("A-1");
            assertThat(context.getBean(ExpressionListener.class).nextHandled()).isEqualTo("\"A-1\"");
        });
    }

    static class DefaultIdListener extends OrderListener {
        @IpsyncListener("orders")
        void onOrder(String order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DefaultIdConfiguration {
        @Bean
        DefaultIdListener shipping() {
            return new DefaultIdListener();
        }
    }

    @Test
    void listenerIdDefaultsToBeanNameAndMethodName() {
        runner(DefaultIdConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainerIds())
                    .containsExactly("shipping.onOrder");
        });
    }

    static class ManualStartListener extends OrderListener {
        @IpsyncListener(value = "orders", id = "manual", autoStartup = "false")
        void onOrder(String order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ManualStartConfiguration {
        @Bean
        ManualStartListener manualStartListener() {
            return new ManualStartListener();
        }
    }

    @Test
    void listenerThatDoesNotStartAutomaticallyIsStartedThroughTheRegistry() {
        runner(ManualStartConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            orders.put("A-1");
            IpsyncListenerContainer container = context.getBean(IpsyncListenerEndpointRegistry.class)
                    .getListenerContainer("manual");
            assertThat(container.isRunning()).isFalse();
            assertThat(orders.stats().waiting()).as("nobody consumes while the listener is not started").isEqualTo(1);

            container.start();

            assertThat(container.isRunning()).isTrue();
            assertThat(context.getBean(ManualStartListener.class).nextHandled()).isEqualTo("\"A-1\"");
        });
    }

    static class PausableListener extends OrderListener {
        @IpsyncListener(value = "orders", id = "pausable")
        void onOrder(String order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PausableConfiguration {
        @Bean
        PausableListener pausableListener() {
            return new PausableListener();
        }
    }

    @Test
    void pausedListenerLeavesMessagesWaitingUntilItIsResumed() {
        runner(PausableConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            PausableListener listener = context.getBean(PausableListener.class);
            IpsyncListenerContainer container = context.getBean(IpsyncListenerEndpointRegistry.class)
                    .getListenerContainer("pausable");
            orders.put("before");
            assertThat(listener.nextHandled()).isEqualTo("\"before\"");

            container.pause();
            orders.put("while-paused");

            assertThat(container.isPaused()).isTrue();
            await().during(Duration.ofMillis(500)).atMost(PATIENCE)
                    .until(() -> listener.handled.isEmpty() && orders.stats().waiting() == 1);

            container.resume();

            assertThat(listener.nextHandled()).isEqualTo("\"while-paused\"");
            assertThat(container.isPaused()).isFalse();
        });
    }

    static class ChannelDefaultsListener extends OrderListener {
        @IpsyncListener(value = "invoices", id = "invoice-worker")
        void onInvoice(String invoice) {
            handled.add(invoice);
        }

        @IpsyncListener(value = "invoices", id = "eager-invoice-worker", concurrency = "1", autoStartup = "true")
        void onInvoiceEagerly(String invoice) {
            handled.add(invoice);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ChannelDefaultsConfiguration {
        @Bean
        ChannelDefaultsListener channelDefaultsListener() {
            return new ChannelDefaultsListener();
        }
    }

    @Test
    void channelOptionsAreTheDefaultsOfItsListenersAndAttributesOverrideThem() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(ChannelDefaultsConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.invoices.path=invoices",
                        "ipsync.queues.invoices.concurrency=3", "ipsync.queues.invoices.auto-startup=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IpsyncListenerEndpointRegistry registry = context.getBean(IpsyncListenerEndpointRegistry.class);
                    IpsyncListenerContainer byChannel = registry.getListenerContainer("invoice-worker");
                    assertThat(byChannel.endpoint().concurrency()).isEqualTo(3);
                    assertThat(byChannel.isRunning()).isFalse();
                    IpsyncListenerContainer byAttributes = registry.getListenerContainer("eager-invoice-worker");
                    assertThat(byAttributes.endpoint().concurrency()).isEqualTo(1);
                    assertThat(byAttributes.isRunning()).isTrue();
                });
    }

    static class LazyListener extends OrderListener {
        @IpsyncListener(value = "orders", id = "lazy")
        void onOrder(String order) {
            handled.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyListenerConfiguration {
        @Bean
        @Lazy
        LazyListener lazyListener() {
            return new LazyListener();
        }
    }

    @Test
    void listenerOfALazyBeanStartsOnceTheBeanIsCreated() {
        runner(LazyListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            IpsyncListenerEndpointRegistry registry = context.getBean(IpsyncListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainer("lazy")).isNull();

            LazyListener listener = context.getBean(LazyListener.class);

            assertThat(registry.getListenerContainer("lazy")).isNotNull()
                    .satisfies(container -> assertThat(container.isRunning()).isTrue());
            context.getBean("orders", JsonDataQueue.class).put("A-1");
            assertThat(listener.nextHandled()).isEqualTo("\"A-1\"");
        });
    }

    /** Each call waits for another call to be in progress at the same time. */
    static class ParallelListener {

        final CyclicBarrier bothInProgress = new CyclicBarrier(2);

        final Set<String> threads = ConcurrentHashMap.newKeySet();

        final CountDownLatch handled = new CountDownLatch(2);

        @IpsyncListener(value = "orders", id = "parallel", concurrency = "2")
        void onOrder(String order) throws Exception {
            threads.add(Thread.currentThread().getName());
            bothInProgress.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            handled.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ParallelConfiguration {
        @Bean
        ParallelListener parallelListener() {
            return new ParallelListener();
        }
    }

    @Test
    void concurrencyHandlesThatManyMessagesAtOnce() {
        runner(ParallelConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).putAll(List.of("A-1", "A-2"));
            ParallelListener listener = context.getBean(ParallelListener.class);
            assertThat(listener.handled.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(listener.threads).containsExactlyInAnyOrder("ipsync-parallel-1", "ipsync-parallel-2");
        });
    }
}
