package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When Spring's lifecycle processor gives up on the registry's stop (the phase timeout is shorter
 * than {@code ipsync.shutdown-timeout}), the context goes on to destroy beans. The registry's
 * {@code destroy()} calls {@code stop()} on each container again, which returns at once because
 * the container is no longer "running" although its thread is still inside the handler; the queue
 * bean is then closed, which gives the message in hand back to the queue. Another consumer takes
 * it while this handler still works on it, and this handler's acknowledgement is lost.
 */
class IpsyncListenerShutdownPhaseTimeoutTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    static class SlowListener {

        final CountDownLatch started = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final List<String> completed = new CopyOnWriteArrayList<>();

        @IpsyncListener(value = "orders", id = "slow")
        void onOrder(String order, MessageMetadata metadata) throws InterruptedException {
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

    private static List<String> waitingMessages(Path queue) throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("q_")).toList();
        }
    }

    @Test
    void messageInHandIsNotGivenBackWhileItsHandlerStillRunsAfterThePhaseTimeout() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, JacksonAutoConfiguration.class,
                        IpsyncAutoConfiguration.class))
                .withUserConfiguration(SlowListenerConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.shutdown-timeout=30s", "spring.lifecycle.timeout-per-shutdown-phase=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SlowListener listener = context.getBean(SlowListener.class);
                    String name = context.getBean("orders", JsonDataQueue.class).put("A-1");
                    assertThat(listener.started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

                    Thread closer = new Thread(context::close, "closer");
                    closer.start();
                    // past the phase timeout (1 s): the lifecycle gave up on the listener, and the registry's
                    // destruction now waits for its handler
                    Awaitility.await().atMost(PATIENCE).until(() -> closer.getState() != Thread.State.RUNNABLE
                            && Arrays.stream(closer.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("destroy")
                                    && frame.getClassName().equals(IpsyncListenerEndpointRegistry.class.getName())));
                    List<String> waitingWhileHandled = waitingMessages(baseDir.resolve("orders"));
                    listener.release.countDown();
                    closer.join(PATIENCE.toMillis());

                    assertThat(closer.isAlive()).as("close() returned").isFalse();
                    assertThat(listener.completed).containsExactly(name);
                    assertThat(waitingWhileHandled).as("messages back in the queue while their handler still ran")
                            .isEmpty();
                    assertThat(waitingMessages(baseDir.resolve("orders"))).as("handled message stays acknowledged")
                            .isEmpty();
                });
    }
}
