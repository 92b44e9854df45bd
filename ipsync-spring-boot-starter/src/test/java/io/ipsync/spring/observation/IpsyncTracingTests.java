package io.ipsync.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.core.IpsyncTemplate;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trace context travelling with a queue message through a real queue, with a real tracer:
 * Brave, configured by Spring Boot's auto-configuration as an application with
 * {@code spring-boot-micrometer-tracing-brave} has it (W3C propagation, trace ids in the MDC).
 */
class IpsyncTracingTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    /** What the listener saw of the tracing while it ran. */
    record Seen(String orderId, String traceId, String spanId, String parentId, String mdcTraceId, String mdcSpanId,
            Map<String, String> headers) {
    }

    static class Listeners {

        private final Tracer tracer;

        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

        final BlockingQueue<String> errorTraceIds = new LinkedBlockingQueue<>();

        Listeners(Tracer tracer) {
            this.tracer = tracer;
        }

        @IpsyncListener("orders")
        void onOrder(Order order, MessageMetadata metadata) {
            Span span = tracer.currentSpan();
            if (order.id().startsWith("failing")) {
                seen.add(new Seen(order.id(), span.context().traceId(), span.context().spanId(), null, MDC.get("traceId"),
                        MDC.get("spanId"), metadata.headers()));
                throw new IllegalStateException("cannot ship " + order.id());
            }
            seen.add(new Seen(order.id(), span == null ? null : span.context().traceId(),
                    span == null ? null : span.context().spanId(), span == null ? null : span.context().parentId(),
                    MDC.get("traceId"), MDC.get("spanId"), metadata.headers()));
        }

        Seen next() throws InterruptedException {
            Seen next = seen.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(next).as("a handled order within %s", PATIENCE).isNotNull();
            return next;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenersConfiguration {

        @Bean
        Listeners listeners(Tracer tracer) {
            return new Listeners(tracer);
        }

        /** Told of each failure after its settlement: records the trace id its log lines would carry. */
        @Bean
        ListenerErrorHandler traceRecordingErrorHandler(Listeners listeners) {
            return failure -> listeners.errorTraceIds.add(String.valueOf(MDC.get("traceId")));
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(ListenersConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "management.tracing.sampling.probability=1.0");
    }

    @Test
    void theSpanActiveAtTheSendIsAnAncestorOfTheSpanTheListenerRunsIn() {
        runner().withPropertyValues("ipsync.template.observation-enabled=true", "ipsync.listener.observation-enabled=true")
                .run(context -> {
                    Tracer tracer = context.getBean(Tracer.class);
                    IpsyncTemplate template = context.getBean(IpsyncTemplate.class);

                    Span request = tracer.nextSpan().name("web request").start();
                    try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                        template.send("orders", new Order("o-1"), Map.of("tenant", "acme")).join();
                    } finally {
                        request.end();
                    }
                    Seen seen = context.getBean(Listeners.class).next();

                    String traceparent = seen.headers().get("traceparent");
                    assertThat(traceparent).as("the W3C trace context in the message's headers")
                            .matches("00-" + request.context().traceId() + "-[0-9a-f]{16}-01");
                    String sendSpanId = traceparent.split("-")[2];
                    assertThat(seen.headers()).containsEntry("tenant", "acme");
                    assertThat(seen.traceId()).as("the listener's trace").isEqualTo(request.context().traceId());
                    assertThat(seen.parentId()).as("the listener span's parent: the send's span").isEqualTo(sendSpanId);
                    assertThat(sendSpanId).isNotEqualTo(request.context().spanId());
                    assertThat(seen.mdcTraceId()).as("the trace id in the listener's log lines").isEqualTo(seen.traceId());
                    assertThat(seen.mdcSpanId()).as("the span id in the listener's log lines").isEqualTo(seen.spanId());
                });
    }

    @Test
    void aPutOnTheQueuesBeanCarriesTheTraceToo() {
        runner().withPropertyValues("ipsync.template.observation-enabled=true", "ipsync.listener.observation-enabled=true")
                .run(context -> {
                    Tracer tracer = context.getBean(Tracer.class);
                    Span request = tracer.nextSpan().name("web request").start();
                    try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                        context.getBean("orders", JsonDataQueue.class).put(new Order("o-4"));
                    } finally {
                        request.end();
                    }
                    Seen seen = context.getBean(Listeners.class).next();

                    assertThat(seen.headers().get("traceparent")).startsWith("00-" + request.context().traceId() + "-");
                    assertThat(seen.traceId()).isEqualTo(request.context().traceId());
                    assertThat(seen.parentId()).isEqualTo(seen.headers().get("traceparent").split("-")[2]);
                });
    }

    @Test
    void aMessageWithoutTraceContextStartsANewTrace() {
        runner().withPropertyValues("ipsync.listener.observation-enabled=true").run(context -> {
            // Put without headers, as a Python producer or a sender without observations puts them.
            context.getBean("orders", JsonDataQueue.class).put(new Order("o-2"));
            Seen seen = context.getBean(Listeners.class).next();

            assertThat(seen.headers()).isEmpty();
            assertThat(seen.traceId()).as("a trace of its own").isNotNull();
            assertThat(seen.parentId()).as("a root span").isNull();
            assertThat(seen.mdcTraceId()).isEqualTo(seen.traceId());
        });
    }

    @Test
    void whatIpsyncDoesAfterAFailedCallRunsInTheListenersTraceToo() {
        runner().withPropertyValues("ipsync.listener.observation-enabled=true", "ipsync.max-attempts=1").run(context -> {
            context.getBean("orders", JsonDataQueue.class).put(new Order("failing-1"));
            Listeners listeners = context.getBean(Listeners.class);
            Seen seen = listeners.next();

            String errorTraceId = listeners.errorTraceIds.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(seen.mdcTraceId()).isNotNull();
            assertThat(errorTraceId).as("the trace id in the error handler's (and the settlement's) log lines")
                    .isEqualTo(seen.mdcTraceId());
        });
    }

    @Test
    void withObservationsOffNothingIsAddedToTheHeadersAndTheListenerRunsOutsideAnySpan() {
        runner().run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Span request = tracer.nextSpan().name("web request").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                context.getBean(IpsyncTemplate.class).send("orders", new Order("o-3")).join();
            } finally {
                request.end();
            }
            Seen seen = context.getBean(Listeners.class).next();

            assertThat(seen.headers()).isEmpty();
            assertThat(seen.traceId()).isNull();
            assertThat(seen.mdcTraceId()).isNull();
        });
    }
}
