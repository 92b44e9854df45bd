package io.ipsync.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * The auto-configured {@link IpsyncTemplate} sending to real channels on a temporary directory:
 * what it sends reaches real listeners with its payload and headers; names it does not know fail
 * naming those it does. Transactional sends are in {@link IpsyncTemplateTransactionTests}.
 */
class IpsyncTemplateTests {

    private static final long PATIENCE_SECONDS = 20;

    @TempDir
    Path baseDir;

    record Order(String id, int quantity) {
    }

    record ShopSettings(String currency) {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.queues.invoices=invoices", "ipsync.events.reload=reload.event",
                        "ipsync.data-events.settings=settings.json", "ipsync.fire-on-init=false");
    }

    /** What a listener received: its payload and metadata. */
    record Received(Object payload, MessageMetadata metadata) {
    }

    static class Listeners {

        final BlockingQueue<Received> orders = new LinkedBlockingQueue<>();

        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @IpsyncListener("orders")
        void onOrder(Order order, MessageMetadata metadata) {
            orders.add(new Received(order, metadata));
        }

        @IpsyncListener("reload")
        void onReload() {
            calls.add("reload");
        }

        @IpsyncListener("settings")
        void onSettings(ShopSettings settings) {
            calls.add("settings in " + settings.currency());
        }

        Received nextOrder() throws InterruptedException {
            Received received = orders.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(received).as("an order within %d s", PATIENCE_SECONDS).isNotNull();
            return received;
        }

        String nextCall() throws InterruptedException {
            String call = calls.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(call).as("a listener call within %d s", PATIENCE_SECONDS).isNotNull();
            return call;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenersConfiguration {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    @Test
    void aSentPayloadAndItsHeadersReachTheQueuesListener() {
        runner().withUserConfiguration(ListenersConfiguration.class).run(context -> {
            IpsyncOperations template = context.getBean(IpsyncOperations.class);
            assertThat(template).isInstanceOf(IpsyncTemplate.class);

            String id = template.send("orders", new Order("o-1", 2), Map.of("tenant", "acme", "priority", "high")).join();

            Received received = context.getBean(Listeners.class).nextOrder();
            assertThat(received.payload()).isEqualTo(new Order("o-1", 2));
            assertThat(received.metadata().name()).isEqualTo(id);
            assertThat(received.metadata().headers()).containsOnly(Map.entry("tenant", "acme"),
                    Map.entry("priority", "high"));
        });
    }

    @Test
    void aMessageSentForLaterReachesTheListenerNoSoonerThanItsTime() {
        runner().withUserConfiguration(ListenersConfiguration.class).run(context -> {
            IpsyncOperations template = context.getBean(IpsyncOperations.class);
            Instant notBefore = Instant.now().plusMillis(300);

            template.sendAt("orders", new Order("o-later", 1), Map.of("tenant", "acme"), notBefore).join();
            assertThat(context.getBean("orders", JsonDataQueue.class).stats().scheduledRetries())
                    .as("scheduled until due (or already taken)").isLessThanOrEqualTo(1);

            Received received = context.getBean(Listeners.class).nextOrder();
            assertThat(Instant.now()).isAfterOrEqualTo(notBefore.minusMillis(1));
            assertThat(received.payload()).isEqualTo(new Order("o-later", 1));
            assertThat(received.metadata().header("tenant")).isEqualTo("acme");
            assertThat(received.metadata().attempt()).isEqualTo(1);

            template.sendLater("orders", new Order("o-later-2", 1), Duration.ofMillis(10)).join();
            assertThat(context.getBean(Listeners.class).nextOrder().payload()).isEqualTo(new Order("o-later-2", 1));
        });
    }

    @Test
    void aSpringMessageIsSentWithItsTextualHeadersButNotSpringsIdAndTimestamp() {
        runner().withUserConfiguration(ListenersConfiguration.class).run(context -> {
            UUID trace = UUID.randomUUID();
            Message<Order> message = MessageBuilder.withPayload(new Order("o-2", 1))
                    .setHeader("tenant", "acme")
                    .setHeader("retries", 3)
                    .setHeader("urgent", true)
                    .setHeader("trace", trace)
                    .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON)
                    .setHeader("session", new Object())
                    .setHeader("signature", new byte[] {1, 2})
                    .build();

            context.getBean(IpsyncTemplate.class).send("orders", message).join();

            Received received = context.getBean(Listeners.class).nextOrder();
            assertThat(received.payload()).isEqualTo(new Order("o-2", 1));
            assertThat(received.metadata().headers()).containsOnly(Map.entry("tenant", "acme"), Map.entry("retries", "3"),
                    Map.entry("urgent", "true"), Map.entry("trace", trace.toString()),
                    Map.entry("contentType", "application/json"));
        });
    }

    @Test
    void signalWakesTheEventsListenerAndPublishGivesTheDataEventsListenerTheValue() {
        runner().withUserConfiguration(ListenersConfiguration.class).run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            Listeners listeners = context.getBean(Listeners.class);

            assertThat(template.signal("reload")).isCompleted();
            assertThat(listeners.nextCall()).isEqualTo("reload");
            assertThat(template.publish("settings", new ShopSettings("EUR"))).isCompleted();
            assertThat(listeners.nextCall()).isEqualTo("settings in EUR");
        });
    }

    @Test
    void anUnknownNameFailsNamingTheChannelsOfThatKind() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);

            assertThatThrownBy(() -> template.send("ordres", new Order("o-1", 1)))
                    .isInstanceOf(UnknownChannelException.class)
                    .hasMessage("No queue named 'ordres' is configured under ipsync.queues; the configured queues are"
                            + " orders, invoices")
                    .satisfies(e -> assertThat(((UnknownChannelException) e).getKnownNames())
                            .containsExactly("orders", "invoices"));
            assertThatThrownBy(() -> template.send("reload", "x"))
                    .hasMessage("'reload' is an event (ipsync.events.reload), not a queue; the configured queues are"
                            + " orders, invoices");
            assertThatThrownBy(() -> template.signal("orders"))
                    .hasMessageContaining("'orders' is a queue (ipsync.queues.orders), not an event")
                    .hasMessageEndingWith("the configured events are reload");
            assertThatThrownBy(() -> template.publish("prices", 1))
                    .hasMessageEndingWith("the configured data events are settings");
            assertThat(baseDir.resolve("ordres")).doesNotExist();
        });
    }

    @Test
    void theDefaultQueueTakesSendsThatNameNoQueue() {
        runner().withPropertyValues("ipsync.template.default-queue=invoices").run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            JsonDataQueue invoices = context.getBean("invoices", JsonDataQueue.class);

            String plain = template.sendDefault(new Order("i-1", 1)).join();
            String withHeaders = template.sendDefault(new Order("i-2", 1), Map.of("tenant", "acme")).join();
            String message = template.send(MessageBuilder.withPayload(new Order("i-3", 1)).build()).join();

            assertThat(template.getDefaultQueue()).isEqualTo("invoices");
            try (ReceivedMessage first = invoices.receive(Duration.ofSeconds(PATIENCE_SECONDS)).orElseThrow()) {
                assertThat(first.metadata().name()).isEqualTo(plain);
                first.acknowledge();
            }
            try (ReceivedMessage second = invoices.receive(Duration.ofSeconds(PATIENCE_SECONDS)).orElseThrow()) {
                assertThat(second.metadata().name()).isEqualTo(withHeaders);
                assertThat(second.metadata().header("tenant")).isEqualTo("acme");
                second.acknowledge();
            }
            try (ReceivedMessage third = invoices.receive(Duration.ofSeconds(PATIENCE_SECONDS)).orElseThrow()) {
                assertThat(third.metadata().name()).isEqualTo(message);
                assertThat(third.payload().as(Order.class)).isEqualTo(new Order("i-3", 1));
                third.acknowledge();
            }
            assertThat(context.getBean("orders", JsonDataQueue.class).size()).isZero();
        });
    }

    @Test
    void withoutADefaultQueueASendThatNamesNoQueueFailsListingTheQueues() {
        runner().run(context -> assertThatThrownBy(() -> context.getBean(IpsyncTemplate.class).sendDefault("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ipsync.template.default-queue")
                .hasMessageContaining("[orders, invoices]"));
    }

    @Test
    void aDefaultQueueThatIsNotAConfiguredQueueFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.template.default-queue=reload").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("ipsync.template.default-queue")
                    .hasMessageContaining("'reload'")
                    .hasMessageContaining("[orders, invoices]");
        });
    }

    @Test
    void invalidHeadersFailBeforeAnythingIsPut() {
        runner().run(context -> {
            assertThatThrownBy(() -> context.getBean(IpsyncTemplate.class).send("orders", new Order("o-1", 1),
                    Map.of("tenant", "a\0b")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tenant");
            assertThat(context.getBean("orders", JsonDataQueue.class).size()).isZero();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnOperationsConfiguration {
        @Bean
        IpsyncOperations myOperations() {
            return Mockito.mock(IpsyncOperations.class);
        }
    }

    @Test
    void anApplicationsOwnOperationsBeanReplacesTheTemplate() {
        runner().withUserConfiguration(OwnOperationsConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(IpsyncOperations.class);
            assertThat(context.getBean(IpsyncOperations.class)).isNotInstanceOf(IpsyncTemplate.class);
            assertThat(context).doesNotHaveBean("ipsyncTemplate");
        });
    }
}
