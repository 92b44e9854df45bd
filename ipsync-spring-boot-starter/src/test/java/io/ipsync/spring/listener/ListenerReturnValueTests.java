package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What a listener method returns decides when its message is settled: a Reactor {@code Mono} when
 * it completes (never before); a {@code Flux}, which ipsync cannot wait for, and a Kotlin
 * {@code suspend} function without kotlinx-coroutines-reactor fail startup. (CompletableFuture
 * returns are in {@code IpsyncListenerInvocationTests}.)
 */
class ListenerReturnValueTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    private ApplicationContextRunner runner(Class<?> configuration) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(configuration)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders", "ipsync.max-attempts=1");
    }

    /** Hands back, for each message, a Mono that the test completes. */
    static class MonoListener {
        final BlockingQueue<Sinks.One<String>> pending = new LinkedBlockingQueue<>();

        @IpsyncListener("orders")
        Mono<String> onOrder(Order order) {
            Sinks.One<String> work = Sinks.one();
            pending.add(work);
            return work.asMono();
        }

        Sinks.One<String> nextWork() throws InterruptedException {
            Sinks.One<String> work = pending.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(work).as("a call of the listener within %s", PATIENCE).isNotNull();
            return work;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MonoListenerConfiguration {
        @Bean
        MonoListener listener() {
            return new MonoListener();
        }
    }

    @Test
    void aMonosMessageIsSettledWhenTheMonoCompletesAndNotBefore() {
        runner(MonoListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            MonoListener listener = context.getBean(MonoListener.class);

            orders.put(new Order("shipped"));
            Sinks.One<String> shipping = listener.nextWork();
            assertThat(orders.stats().inFlight()).as("claimed while the work goes on").isEqualTo(1);
            shipping.tryEmitValue("done");
            await().atMost(PATIENCE).until(() -> orders.stats().inFlight() == 0 && orders.size() == 0);

            orders.put(new Order("empty"));
            Sinks.One<String> empty = listener.nextWork();
            assertThat(orders.stats().inFlight()).isEqualTo(1);
            empty.tryEmitEmpty();
            await().atMost(PATIENCE).until(() -> orders.stats().inFlight() == 0 && orders.size() == 0);
            assertThat(orders.stats().deadLetters()).as("both acknowledged").isZero();

            String failing = orders.put(new Order("lost in transit"));
            listener.nextWork().tryEmitError(new IllegalStateException("the carrier refused it"));
            await().atMost(PATIENCE).until(() -> orders.stats().deadLetters() == 1);
            assertThat(Files.readString(baseDir.resolve("orders/.ipsync/dead/reason-" + failing + ".json")))
                    .contains("the carrier refused it");
        });
    }

    static class FluxListener {
        @IpsyncListener("orders")
        Flux<String> onOrder(Order order) {
            return Flux.just("a", "b");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FluxListenerConfiguration {
        @Bean
        FluxListener listener() {
            return new FluxListener();
        }
    }

    @Test
    void aMethodReturningAFluxFailsStartup() {
        runner(FluxListenerConfiguration.class).run(context -> assertThat(InvalidIpsyncListenerTests.failure(context))
                .hasMessageContaining("FluxListener.onOrder(Order)")
                .hasMessageContaining("channel 'orders'")
                .hasMessageContaining("it returns a Flux, a stream of values that ipsync cannot wait for"));
    }

    /**
     * How the Kotlin compiler shapes {@code suspend fun onOrder(order: Order)}: a class with
     * {@code @kotlin.Metadata}, and a {@code Continuation} as the last parameter.
     */
    @kotlin.Metadata
    static class SuspendingListener {
        @IpsyncListener("orders")
        public Object onOrder(Order order, kotlin.coroutines.Continuation<? super kotlin.Unit> continuation) {
            return kotlin.Unit.INSTANCE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SuspendingListenerConfiguration {
        @Bean
        SuspendingListener listener() {
            return new SuspendingListener();
        }
    }

    @Test
    void aSuspendFunctionWithoutKotlinxCoroutinesReactorFailsStartupSayingWhatToAdd() {
        runner(SuspendingListenerConfiguration.class).run(context -> assertThat(InvalidIpsyncListenerTests.failure(context))
                .hasMessageContaining("SuspendingListener.onOrder(Order, Continuation")
                .hasMessageContaining("it is a Kotlin suspend function")
                .hasMessageContaining("org.jetbrains.kotlinx:kotlinx-coroutines-reactor"));
    }
}
