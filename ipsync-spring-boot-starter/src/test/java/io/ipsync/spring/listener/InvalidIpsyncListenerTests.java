package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.scheduling.annotation.Async;

/**
 * {@code @IpsyncListener} methods that cannot serve fail startup with an
 * {@link InvalidIpsyncListenerException} naming the method, the channel and the problem, which
 * the registered failure analyzer turns into a description and an action.
 */
class InvalidIpsyncListenerTests {

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    private ApplicationContextRunner runner(Class<?> listeners) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(listeners)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.events.reload=reload.event", "ipsync.data-events.settings=settings.json");
    }

    static InvalidIpsyncListenerException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable cause = context.getStartupFailure();
        while (cause != null && !(cause instanceof InvalidIpsyncListenerException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("an InvalidIpsyncListenerException among the causes of %s", context.getStartupFailure())
                .isNotNull();
        return (InvalidIpsyncListenerException) cause;
    }

    static class AsyncListenerReturningNothing {
        @Async
        @IpsyncListener("orders")
        public void onOrder(Order order) {
        }
    }

    @Test
    void anAsyncListenerThatReturnsNothingToWaitForFailsStartup() {
        runner(AsyncListenerReturningNothing.class).run(context -> assertThat(failure(context).getMessage())
                .contains("onOrder").contains("orders").contains("@Async").contains("CompletableFuture"));
    }

    static class EventListenerWithParameter {
        @IpsyncListener("reload")
        void onReload(String what) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventListenerWithParameterConfiguration {
        @Bean
        EventListenerWithParameter listener() {
            return new EventListenerWithParameter();
        }
    }

    @Test
    void eventListenerWithAParameterFailsStartup() {
        runner(EventListenerWithParameterConfiguration.class).run(context -> {
            InvalidIpsyncListenerException failure = failure(context);
            assertThat(failure).hasMessageContaining("EventListenerWithParameter.onReload(String)")
                    .hasMessageContaining("channel 'reload'")
                    .hasMessageContaining("a listener of an event takes no parameters");
            assertThat(failure.getMethod()).isEqualTo("EventListenerWithParameter.onReload(String)");
            assertThat(failure.getChannel()).isEqualTo("reload");
            assertThat(failure.getAction()).contains("void onReload()");
        });
    }

    static class QueueListenerWithoutParameter {
        @IpsyncListener("orders")
        void onOrder() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class QueueListenerWithoutParameterConfiguration {
        @Bean
        QueueListenerWithoutParameter listener() {
            return new QueueListenerWithoutParameter();
        }
    }

    @Test
    void queueListenerWithoutAParameterFailsStartup() {
        runner(QueueListenerWithoutParameterConfiguration.class).run(context -> {
            InvalidIpsyncListenerException failure = failure(context);
            assertThat(failure).hasMessageContaining("QueueListenerWithoutParameter.onOrder()")
                    .hasMessageContaining("channel 'orders'")
                    .hasMessageContaining("takes the message's payload (or a Message<T>, or the ReceivedMessage) as a parameter");
            assertThat(failure.getAction()).contains("void onOrder(YourMessage message)");
        });
    }

    static class QueueListenerWithTwoPayloads {
        @IpsyncListener("orders")
        void onOrder(Order order, Order other) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class QueueListenerWithTwoPayloadsConfiguration {
        @Bean
        QueueListenerWithTwoPayloads listener() {
            return new QueueListenerWithTwoPayloads();
        }
    }

    @Test
    void listenerWithTwoPayloadParametersFailsStartup() {
        runner(QueueListenerWithTwoPayloadsConfiguration.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("QueueListenerWithTwoPayloads.onOrder(Order, Order)")
                .hasMessageContaining("channel 'orders'")
                .hasMessageContaining("more than one payload parameter"));
    }

    static class DataEventListenerWithMetadata {
        @IpsyncListener("settings")
        void onSettings(String settings, MessageMetadata metadata) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DataEventListenerWithMetadataConfiguration {
        @Bean
        DataEventListenerWithMetadata listener() {
            return new DataEventListenerWithMetadata();
        }
    }

    @Test
    void dataEventListenerWithMessageMetadataFailsStartup() {
        runner(DataEventListenerWithMetadataConfiguration.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("DataEventListenerWithMetadata.onSettings(String, MessageMetadata)")
                .hasMessageContaining("channel 'settings'")
                .hasMessageContaining("MessageMetadata, ReceivedMessage, Message<T> and headers are for queue messages"));
    }

    static class ListenerOfUnknownChannel {
        @IpsyncListener("ordrs")
        void onOrder(Order order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerOfUnknownChannelConfiguration {
        @Bean
        ListenerOfUnknownChannel listener() {
            return new ListenerOfUnknownChannel();
        }
    }

    @Test
    void listenerOfAChannelThatIsNotConfiguredFailsStartupListingTheConfiguredOnes() {
        runner(ListenerOfUnknownChannelConfiguration.class).run(context -> {
            InvalidIpsyncListenerException failure = failure(context);
            assertThat(failure).hasMessageContaining("ListenerOfUnknownChannel.onOrder(Order)")
                    .hasMessageContaining("channel 'ordrs'")
                    .hasMessageContaining("no channel of that name is configured")
                    .hasMessageContaining("reload, settings, orders");
            assertThat(failure.getAction()).contains("ipsync.queues").contains("reload, settings, orders");
        });
    }

    static class ListenerWithNonNumericConcurrency {
        @IpsyncListener(value = "orders", concurrency = "abc")
        void onOrder(Order order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerWithNonNumericConcurrencyConfiguration {
        @Bean
        ListenerWithNonNumericConcurrency listener() {
            return new ListenerWithNonNumericConcurrency();
        }
    }

    @Test
    void nonNumericConcurrencyFailsStartupNamingTheAttribute() {
        runner(ListenerWithNonNumericConcurrencyConfiguration.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("ListenerWithNonNumericConcurrency.onOrder(Order)")
                .hasMessageContaining("channel 'orders'")
                .hasMessageContaining("attribute 'concurrency' is 'abc'")
                .hasMessageContaining("a whole number of at least 1"));
    }

    static class EventListenerWithConcurrency {
        @IpsyncListener(value = "reload", concurrency = "2")
        void onReload() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventListenerWithConcurrencyConfiguration {
        @Bean
        EventListenerWithConcurrency listener() {
            return new EventListenerWithConcurrency();
        }
    }

    @Test
    void concurrencyAboveOneOnAnEventFailsStartup() {
        runner(EventListenerWithConcurrencyConfiguration.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("EventListenerWithConcurrency.onReload()")
                .hasMessageContaining("channel 'reload'")
                .hasMessageContaining("attribute 'concurrency' is '2'")
                .hasMessageContaining("only queues spread work over threads"));
    }

    static class ListenerWithInvalidAutoStartup {
        @IpsyncListener(value = "orders", autoStartup = "maybe")
        void onOrder(Order order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerWithInvalidAutoStartupConfiguration {
        @Bean
        ListenerWithInvalidAutoStartup listener() {
            return new ListenerWithInvalidAutoStartup();
        }
    }

    @Test
    void autoStartupThatIsNotABooleanFailsStartup() {
        runner(ListenerWithInvalidAutoStartupConfiguration.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("attribute 'autoStartup' is 'maybe'")
                .hasMessageContaining("true or false"));
    }

    static class ListenersWithOneId {
        @IpsyncListener(value = "orders", id = "worker")
        void pack(Order order) {
        }

        @IpsyncListener(value = "reload", id = "worker")
        void reload() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenersWithOneIdConfiguration {
        @Bean
        ListenersWithOneId listener() {
            return new ListenersWithOneId();
        }
    }

    @Test
    void twoListenersWithTheSameIdFailStartup() {
        runner(ListenersWithOneIdConfiguration.class).run(context -> {
            InvalidIpsyncListenerException failure = failure(context);
            assertThat(failure).hasMessageContaining("its id 'worker' is already the id of ListenersWithOneId.");
            assertThat(failure.getMethod()).isIn("ListenersWithOneId.pack(Order)", "ListenersWithOneId.reload()");
            assertThat(failure.getAction()).contains("unique id");
        });
    }

    // ---- the failure analyzer

    @Test
    void failureAnalyzerDescribesTheListenerAndTheAction() {
        runner(EventListenerWithParameterConfiguration.class).run(context -> {
            InvalidIpsyncListenerException failure = failure(context);

            FailureAnalysis analysis = new InvalidIpsyncListenerFailureAnalyzer().analyze(context.getStartupFailure());

            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).isEqualTo(failure.getMessage());
            assertThat(analysis.getAction()).isEqualTo(failure.getAction()).contains("void onReload()");
            assertThat(analysis.getCause()).isSameAs(failure);
        });
    }

    @Test
    void failureAnalyzerIsRegisteredInSpringFactories() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> {
                    // analyzers of other modules that need constructor arguments are not the point here
                }));
        assertThat(analyzers).hasAtLeastOneElementOfType(InvalidIpsyncListenerFailureAnalyzer.class);
    }

    @Test
    void failureAnalyzerLeavesOtherFailuresAlone() {
        assertThat(new InvalidIpsyncListenerFailureAnalyzer().analyze(new IllegalStateException("not ours"))).isNull();
    }
}
