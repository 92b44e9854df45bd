package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing the application context while a listener is handling a message: the handling finishes
 * and is acknowledged, waiting messages stay in the queue, and nothing is taken once stopping began.
 */
class IpsyncListenerShutdownTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    /** Blocks in its first call until the test releases it. */
    static class SlowListener {

        final CountDownLatch started = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final AtomicInteger invocations = new AtomicInteger();

        final List<String> completed = new CopyOnWriteArrayList<>();

        @IpsyncListener(value = "orders", id = "slow")
        void onOrder(String order, MessageMetadata metadata) throws InterruptedException {
            invocations.incrementAndGet();
            started.countDown();
            if (!release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the listener");
            }
            completed.add(metadata.name());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowListenerConfiguration {
        @Bean
        SlowListener slowListener() {
            return new SlowListener();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(SlowListenerConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.shutdown-timeout=30s");
    }

    private static List<String> files(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> waitingMessages(Path queue) throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("q_")).sorted().toList();
        }
    }

    @Test
    void theQueueBeanIsDestroyedOnlyAfterTheRegistryHasStoppedItsListeners() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            String[] registryNames = context.getBeanNamesForType(IpsyncListenerEndpointRegistry.class);
            assertThat(registryNames).hasSize(1);
            assertThat(context.getBeanFactory().getDependentBeans("orders")).contains(registryNames[0]);
        });
    }

    @Test
    void closingWhileAMessageIsHandledFinishesItAndLeavesTheWaitingOnesInTheQueue() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            SlowListener listener = context.getBean(SlowListener.class);
            IpsyncListenerContainer container = context.getBean(IpsyncListenerEndpointRegistry.class)
                    .getListenerContainer("slow");
            List<String> names = context.getBean("orders", JsonDataQueue.class).putAll(List.of("1", "2", "3"));
            assertThat(listener.started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            Thread closer = new Thread(context::close, "closer");
            closer.start();
            await().atMost(PATIENCE).until(() -> !container.isRunning());
            assertThat(closer.isAlive()).as("close() waits for the handler").isTrue();
            listener.release.countDown();
            closer.join(PATIENCE.toMillis());

            assertThat(closer.isAlive()).as("close() returned").isFalse();
            assertThat(listener.invocations).hasValue(1);
            assertThat(listener.completed).containsExactly(names.get(0));
            Path queue = baseDir.resolve("orders");
            assertThat(waitingMessages(queue)).containsExactly(names.get(1), names.get(2));
            assertThat(files(queue.resolve(".ipsync/claims"))).isEmpty();
            assertThat(files(queue.resolve(".ipsync/retry"))).isEmpty();
            assertThat(files(queue.resolve(".ipsync/dead"))).isEmpty();
        });
    }

    @Test
    void messagePutAfterStoppingBeganIsNotTakenByAnIdleListenerThread() {
        runner().withPropertyValues("ipsync.concurrency=2").run(context -> {
            assertThat(context).hasNotFailed();
            SlowListener listener = context.getBean(SlowListener.class);
            IpsyncListenerContainer container = context.getBean(IpsyncListenerEndpointRegistry.class)
                    .getListenerContainer("slow");
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            String inFlight = orders.put("in flight");
            assertThat(listener.started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            Thread closer = new Thread(context::close, "closer");
            closer.start();
            await().atMost(PATIENCE).until(() -> !container.isRunning());
            String late = orders.put("late");
            listener.release.countDown();
            closer.join(PATIENCE.toMillis());

            assertThat(closer.isAlive()).as("close() returned").isFalse();
            assertThat(listener.invocations).hasValue(1);
            assertThat(listener.completed).containsExactly(inFlight);
            Path queue = baseDir.resolve("orders");
            assertThat(waitingMessages(queue)).containsExactly(late);
            assertThat(files(queue.resolve(".ipsync/claims"))).isEmpty();
            assertThat(files(queue.resolve(".ipsync/retry"))).isEmpty();
        });
    }
}
