package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.IpsyncEndpoint;
import io.ipsync.spring.actuate.IpsyncEndpoint.ChannelDescriptor;
import io.ipsync.spring.actuate.IpsyncEndpoint.ListenerDescriptor;
import io.ipsync.spring.annotation.IpsyncListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code ipsync} actuator endpoint: channels, their listeners and their queue counters. */
class IpsyncEndpointAutoConfigurationTests {

    @TempDir
    Path baseDir;

    static class OrderHandler {

        @IpsyncListener(value = "orders", id = "orders-worker", concurrency = "2", autoStartup = "false")
        void onOrder(String order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderHandlerConfiguration {

        @Bean
        OrderHandler orderHandler() {
            return new OrderHandler();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncEndpointAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.events.reload=reload.event");
    }

    @Test
    void endpointIsPresentWhenExposedOnTheWeb() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=ipsync")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(IpsyncEndpoint.class));
    }

    @Test
    void endpointIsAbsentWhenNotExposed() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(IpsyncEndpoint.class));
    }

    @Test
    void endpointIsAbsentWhenItsAccessIsNone() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=ipsync",
                "management.endpoint.ipsync.access=NONE")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(IpsyncEndpoint.class));
    }

    @Test
    void channelsListsEveryChannelWithItsListenersAndQueueCounters() {
        runner().withUserConfiguration(OrderHandlerConfiguration.class)
                .withPropertyValues("management.endpoints.web.exposure.include=ipsync", "ipsync.max-attempts=4")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("orders", JsonDataQueue.class).putAll(List.of("a", "b"));

                    List<ChannelDescriptor> channels = context.getBean(IpsyncEndpoint.class).channels().channels();

                    assertThat(channels).extracting(ChannelDescriptor::name).containsExactly("reload", "orders");
                    ChannelDescriptor reload = channels.get(0);
                    assertThat(reload.kind()).isEqualTo("event");
                    assertThat(reload.path()).isEqualTo(baseDir.resolve("reload.event").toString());
                    assertThat(reload.listeners()).isEmpty();
                    assertThat(reload.queue()).isNull();
                    ChannelDescriptor orders = channels.get(1);
                    assertThat(orders.kind()).isEqualTo("queue");
                    assertThat(orders.listeners()).singleElement().satisfies(listener -> {
                        assertThat(listener.id()).isEqualTo("orders-worker");
                        assertThat(listener.method()).isEqualTo("OrderHandler.onOrder(String)");
                        assertThat(listener.running()).isFalse();
                        assertThat(listener.paused()).isFalse();
                        assertThat(listener.concurrency()).isEqualTo(2);
                    });
                    assertThat(orders.queue().waiting()).isEqualTo(2);
                    assertThat(orders.queue().oldestWaitingAgeMillis()).isNotNull();
                    assertThat(orders.queue().inFlight()).isZero();
                    assertThat(orders.queue().deadLetters()).isZero();
                    assertThat(orders.queue().maxAttempts()).isEqualTo(4);
                });
    }

    @Test
    void oneChannelIsSelectedByName() {
        runner().withUserConfiguration(OrderHandlerConfiguration.class)
                .withPropertyValues("management.endpoints.web.exposure.include=ipsync")
                .run(context -> {
                    IpsyncEndpoint endpoint = context.getBean(IpsyncEndpoint.class);
                    assertThat(endpoint.channel("orders").listeners()).extracting(ListenerDescriptor::id)
                            .containsExactly("orders-worker");
                    assertThat(endpoint.channel("unknown")).isNull();
                });
    }
}
