package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.annotation.IpsyncListenerConfigurer;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.util.List;
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
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * The spring-messaging parameter forms of {@code @IpsyncListener} methods (invoked through an
 * {@code InvocableHandlerMethod}), with real queues in a temporary directory: {@code @Payload},
 * {@code @Header}, {@code @Headers}, {@code Message<T>}, generic types declared by a superclass,
 * and an argument resolver of the application's own through an {@link IpsyncListenerConfigurer}.
 */
class IpsyncListenerMessagingTests {

    private static final long PATIENCE_SECONDS = 20;

    @TempDir
    Path baseDir;

    record Order(String id, int quantity) {
    }

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
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders");
    }

    static class AnnotatedListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(@Payload Order order, @Header("tenant") String tenant, @Header(name = "priority", required = false,
                defaultValue = "0") int priority, @Headers Map<String, Object> headers) {
            calls.add(List.of(order, tenant, priority, headers.get("tenant"),
                    ((MessageMetadata) headers.get(IpsyncHeaders.METADATA)).attempt()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AnnotatedListenerConfiguration {
        @Bean
        AnnotatedListener listener() {
            return new AnnotatedListener();
        }
    }

    @Test
    void payloadHeaderAndHeadersParametersAreFilledFromTheMessage() {
        runner(AnnotatedListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            orders.put(new Order("A-1", 2), Map.of("tenant", "acme", "priority", "7"));
            assertThat(context.getBean(AnnotatedListener.class).nextCall())
                    .isEqualTo(List.of(new Order("A-1", 2), "acme", 7, "acme", 1));
            orders.put(new Order("A-2", 1), Map.of("tenant", "globex"));
            assertThat(context.getBean(AnnotatedListener.class).nextCall())
                    .as("a header that is not required takes its default value")
                    .isEqualTo(List.of(new Order("A-2", 1), "globex", 0, "globex", 1));
        });
    }

    static class MessageListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(Message<List<Order>> message) {
            calls.add(List.of(message.getPayload(), message.getHeaders().get("tenant"),
                    message.getHeaders().get(IpsyncHeaders.CHANNEL)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MessageListenerConfiguration {
        @Bean
        MessageListener listener() {
            return new MessageListener();
        }
    }

    @Test
    void messageParameterCarriesThePayloadConvertedToItsGenericTypeAndTheHeaders() {
        runner(MessageListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(List.of(new Order("A", 1), new Order("B", 2)),
                    Map.of("tenant", "acme"));
            assertThat(context.getBean(MessageListener.class).nextCall())
                    .isEqualTo(List.of(List.of(new Order("A", 1), new Order("B", 2)), "acme", "orders"));
        });
    }

    abstract static class GenericListener<T> extends Recorder {
        @IpsyncListener("orders")
        void onMessage(T payload) {
            calls.add(payload);
        }
    }

    static class OrderListener extends GenericListener<Order> {
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderListenerConfiguration {
        @Bean
        OrderListener listener() {
            return new OrderListener();
        }
    }

    @Test
    void payloadTypeDeclaredByASuperclassIsResolvedFromTheBeansClass() {
        runner(OrderListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
            assertThat(context.getBean(OrderListener.class).nextCall()).isEqualTo(new Order("A-17", 3));
        });
    }

    /** A type the application fills itself, from a header. */
    record Tenant(String name) {
    }

    static class TenantArgumentResolver implements HandlerMethodArgumentResolver {
        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Tenant.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, Message<?> message) {
            return new Tenant(String.valueOf(message.getHeaders().get("tenant")));
        }
    }

    static class TenantListener extends Recorder {
        @IpsyncListener("orders")
        void onOrder(Tenant tenant, Order order) {
            calls.add(List.of(tenant, order));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TenantListenerConfiguration {
        @Bean
        TenantListener listener() {
            return new TenantListener();
        }

        @Bean
        IpsyncListenerConfigurer tenantArgument() {
            return new IpsyncListenerConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new TenantArgumentResolver());
                }
            };
        }
    }

    @Test
    void argumentResolverOfAConfigurerFillsItsParameterWhichIsNotTakenForASecondPayload() {
        runner(TenantListenerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put(new Order("A-1", 1), Map.of("tenant", "acme"));
            assertThat(context.getBean(TenantListener.class).nextCall())
                    .isEqualTo(List.of(new Tenant("acme"), new Order("A-1", 1)));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class TenantListenerWithoutResolverConfiguration {
        @Bean
        TenantListener listener() {
            return new TenantListener();
        }
    }

    @Test
    void withoutTheConfigurerTheSameMethodFailsStartupForTakingTwoPayloads() {
        runner(TenantListenerWithoutResolverConfiguration.class).run(context -> assertThat(InvalidIpsyncListenerTests.failure(context))
                        .hasMessageContaining("TenantListener.onOrder(Tenant, Order)")
                        .hasMessageContaining("more than one payload parameter"));
    }
}
