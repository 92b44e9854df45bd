package io.ipsync.spring.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.core.IpsyncTemplate;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

/**
 * The observations of the auto-configured template's sends and of the listener containers'
 * handling, in a {@link TestObservationRegistry}, on real channels in a temporary directory: off
 * by default, their names and keys, errors, and conventions the application replaces.
 */
class IpsyncObservationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    static class Listeners {

        final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

        @IpsyncListener(value = "orders", id = "order-handler")
        void onOrder(Order order, MessageMetadata metadata) {
            if (order.id().startsWith("poison")) {
                throw new IllegalStateException("cannot handle " + order.id());
            }
            handled.add(order.id());
        }

        @IpsyncListener(value = "reload", id = "reloader")
        void onReload() {
            handled.add("reload");
        }

        @IpsyncListener(value = "settings", id = "settings-follower")
        void onSettings(Map<String, String> settings) {
            handled.add("settings " + settings);
        }

        String next() throws InterruptedException {
            String next = handled.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(next).as("a handling within %s", PATIENCE).isNotNull();
            return next;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ObservedConfiguration {

        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }

        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomConventions {

        @Bean
        IpsyncTemplateObservationConvention templateConvention() {
            return new IpsyncTemplateObservation.DefaultIpsyncTemplateObservationConvention() {

                @Override
                public String getName() {
                    return "shop.sends";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(IpsyncSenderContext context) {
                    return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
                }
            };
        }

        @Bean
        IpsyncListenerObservationConvention listenerConvention() {
            return new IpsyncListenerObservationConvention() {

                @Override
                public String getName() {
                    return "shop.handling";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(IpsyncReceiverContext context) {
                    return KeyValues.of("listener", context.getListenerId());
                }
            };
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(ObservedConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.events.reload=reload.event", "ipsync.data-events.settings=settings.json",
                        "ipsync.fire-on-init=false", "ipsync.max-attempts=1");
    }

    private ApplicationContextRunner observed() {
        return runner().withPropertyValues("ipsync.template.observation-enabled=true",
                "ipsync.listener.observation-enabled=true");
    }

    @Test
    void nothingIsObservedByDefault() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            Listeners listeners = context.getBean(Listeners.class);

            template.send("orders", new Order("o-1")).join();
            assertThat(listeners.next()).isEqualTo("o-1");
            template.signal("reload").join();
            assertThat(listeners.next()).isEqualTo("reload");

            assertThat(template.isObservationEnabled()).isFalse();
            assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
        });
    }

    @Test
    void eachSendIsObservedWithItsChannelAndKind() {
        observed().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            template.send("orders", new Order("o-1")).join();
            template.signal("reload").join();
            template.publish("settings", Map.of("currency", "CHF")).join();

            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("ipsync.template", 3);
            for (String[] sent : new String[][] {{"orders", "queue"}, {"reload", "event"}, {"settings", "data-event"}}) {
                assertThat(registry).hasAnObservation(observation -> observation
                        .hasNameEqualTo("ipsync.template")
                        .hasContextualNameEqualTo(sent[0] + " send")
                        .hasLowCardinalityKeyValue("ipsync.template.name", "ipsyncTemplate")
                        .hasLowCardinalityKeyValue("messaging.system", "ipsync")
                        .hasLowCardinalityKeyValue("messaging.operation", "publish")
                        .hasLowCardinalityKeyValue("messaging.destination.name", sent[0])
                        .hasLowCardinalityKeyValue("messaging.destination.kind", sent[1])
                        .doesNotHaveError());
            }
        });
    }

    @Test
    void aPutOnTheQueuesBeanIsObservedAsASendAndATemplateSendOnlyOnce() {
        observed().run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            Listeners listeners = context.getBean(Listeners.class);

            context.getBean("orders", JsonDataQueue.class).put(new Order("o-1"), Map.of("tenant", "acme"));
            assertThat(listeners.next()).isEqualTo("o-1");
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("ipsync.template", 1)
                    .hasObservationWithNameEqualTo("ipsync.template").that()
                    .hasLowCardinalityKeyValue("ipsync.template.name", "orders")
                    .hasLowCardinalityKeyValue("messaging.destination.name", "orders")
                    .hasLowCardinalityKeyValue("messaging.destination.kind", "queue")
                    .hasBeenStopped();

            context.getBean(IpsyncTemplate.class).send("orders", new Order("o-2")).join();
            assertThat(listeners.next()).isEqualTo("o-2");
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("ipsync.template", 2)
                    .hasAnObservation(observation -> observation.hasLowCardinalityKeyValue("ipsync.template.name",
                            "ipsyncTemplate"));
        });
    }

    @Test
    void eachHandlingIsObservedWithItsListenerAndAFailureAsItsError() {
        observed().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            Listeners listeners = context.getBean(Listeners.class);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            String poison = template.send("orders", new Order("poison-1")).join();
            String good = template.send("orders", new Order("o-2")).join();
            assertThat(listeners.next()).isEqualTo("o-2");
            template.signal("reload").join();
            assertThat(listeners.next()).isEqualTo("reload");
            template.publish("settings", Map.of("currency", "CHF")).join();
            assertThat(listeners.next()).isEqualTo("settings {currency=CHF}");

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo("ipsync.listener", 4)
                    .hasAnObservation(observation -> observation
                            .hasNameEqualTo("ipsync.listener")
                            .hasContextualNameEqualTo("orders process")
                            .hasLowCardinalityKeyValue("ipsync.listener.id", "order-handler")
                            .hasLowCardinalityKeyValue("messaging.system", "ipsync")
                            .hasLowCardinalityKeyValue("messaging.operation", "process")
                            .hasLowCardinalityKeyValue("messaging.source.name", "orders")
                            .hasLowCardinalityKeyValue("messaging.source.kind", "queue")
                            .hasHighCardinalityKeyValue("messaging.message.id", good)
                            .hasHighCardinalityKeyValue("ipsync.message.attempt", "1")
                            .doesNotHaveError())
                    .hasAnObservation(observation -> observation
                            .hasHighCardinalityKeyValue("messaging.message.id", poison)
                            .assertThatError().isInstanceOf(IllegalStateException.class).hasMessage("cannot handle poison-1"))
                    .hasAnObservation(observation -> observation
                            .hasContextualNameEqualTo("reload process")
                            .hasLowCardinalityKeyValue("ipsync.listener.id", "reloader")
                            .hasLowCardinalityKeyValue("messaging.source.kind", "event")
                            .hasHighCardinalityKeyValue("messaging.message.id", "none"))
                    .hasAnObservation(observation -> observation
                            .hasLowCardinalityKeyValue("ipsync.listener.id", "settings-follower")
                            .hasLowCardinalityKeyValue("messaging.source.kind", "data-event")));
        });
    }

    @Test
    void theApplicationsConventionsNameAndTagTheObservations() {
        observed().withUserConfiguration(CustomConventions.class).run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            template.send("orders", new Order("o-1")).join();
            assertThat(context.getBean(Listeners.class).next()).isEqualTo("o-1");

            assertThat(registry).hasObservationWithNameEqualTo("shop.sends").that()
                    .hasLowCardinalityKeyValue("tenant", "acme")
                    .hasLowCardinalityKeyValue("messaging.destination.name", "orders");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(registry)
                    .hasObservationWithNameEqualTo("shop.handling").that()
                    .hasLowCardinalityKeyValue("listener", "order-handler")
                    .hasBeenStopped());
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("ipsync.template", 0)
                    .hasNumberOfObservationsWithNameEqualTo("ipsync.listener", 0);
        });
    }
}
