package io.ipsync.spring.observation;

import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.core.IpsyncTemplate;
import io.micrometer.tracing.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What observations cost per message: sends through the template and their handling by a
 * listener on a real queue (files in {@code /dev/shm} where it exists), with observations off, on
 * without a tracer (Boot's observation registry, no handlers but its own), and with Brave tracing
 * every message (W3C propagation, trace ids in the MDC, spans reported nowhere) with observations
 * off and on, each send made in a span of the sender's own. Prints figures; asserts nothing. Not a test: run it by hand, e.g.
 *
 * <pre>{@code
 * ./mvnw -q -o -pl ipsync-spring-boot-starter -am test-compile
 * ./mvnw -q -o -pl ipsync-spring-boot-starter dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp ipsync-spring-boot-starter/target/test-classes:ipsync-spring-boot-starter/target/classes:ipsync-core/target/classes:$(cat /tmp/cp) \
 *     io.ipsync.spring.observation.ObservationCostBench [messages] [rounds]
 * }</pre>
 */
public final class ObservationCostBench {

    private ObservationCostBench() {
    }

    record Order(int id) {
    }

    /** Counts handled messages down, and reads the current span as an application's log line would. */
    static class Counting {

        final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));

        @IpsyncListener("orders")
        void onOrder(Order order) {
            latch.get().countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listener {

        @Bean
        Counting counting() {
            return new Counting();
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("%d messages per round, %d rounds after one warm-up round; best and median round%n", messages, rounds);
        System.out.printf("%-28s %22s %22s%n", "", "send (µs/msg)", "send + handle (µs/msg)");
        run("observations off", messages, rounds, false, false);
        // What carrying one header costs the transport (on files, an extended attribute per message).
        run("off, a traceparent header", messages, rounds, false, false, true);
        run("observations on, no tracer", messages, rounds, true, false);
        // The sender's own span (a request's, in an application) is made in both Brave runs, so
        // their difference is what ipsync's observations add under tracing.
        run("Brave, observations off", messages, rounds, false, true);
        run("Brave, observations on", messages, rounds, true, true);
        System.out.println();
        System.out.println("The observations alone, without I/O: one send's and one handling's, the handling continuing");
        System.out.println("the send's trace from its headers (ns per message, best and median of " + rounds + " rounds)");
        alone("no tracer", rounds, false);
        alone("Brave", rounds, true);
    }

    /** Observes a send that stores nothing and a handling that does nothing, in pairs, as one message has them. */
    private static void alone(String label, int rounds, boolean traced) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(traced
                        ? AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                                BraveAutoConfiguration.class)
                        : AutoConfigurations.of(ObservationAutoConfiguration.class))
                .withPropertyValues("management.tracing.sampling.probability=1.0");
        runner.run(context -> {
            var registry = context.getBean(io.micrometer.observation.ObservationRegistry.class);
            int pairs = 200_000;
            double[] perMessage = new double[rounds];
            for (int round = -2; round < rounds; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < pairs; i++) {
                    java.util.concurrent.CompletableFuture<java.util.Map<String, String>> sent = SendObservation.observe(
                            registry, null, "ipsyncTemplate", "orders", io.ipsync.spring.channel.ChannelKind.QUEUE,
                            java.util.Map.of(), java.util.concurrent.CompletableFuture::completedFuture);
                    io.ipsync.MessageMetadata metadata = new io.ipsync.MessageMetadata("orders", "q_" + i, "p", null, 1,
                            sent.join());
                    IpsyncListenerObservation.LISTENER_OBSERVATION.observation(null,
                            IpsyncListenerObservation.DefaultIpsyncListenerObservationConvention.INSTANCE,
                            () -> new IpsyncReceiverContext("order-worker", "orders", io.ipsync.spring.channel.ChannelKind.QUEUE,
                                    metadata), registry).observe(() -> { });
                }
                if (round >= 0) {
                    perMessage[round] = (System.nanoTime() - start) / (double) pairs;
                }
            }
            System.out.printf(Locale.ROOT, "%-28s %10.0f %10.0f%n", label, min(perMessage), median(perMessage));
        });
    }

    private static void run(String label, int messages, int rounds, boolean observed, boolean traced) throws Exception {
        run(label, messages, rounds, observed, traced, false);
    }

    private static void run(String label, int messages, int rounds, boolean observed, boolean traced, boolean header)
            throws Exception {
        Path base = Files.isDirectory(Path.of("/dev/shm"))
                ? Files.createTempDirectory(Path.of("/dev/shm"), "ipsync-observation-bench")
                : Files.createTempDirectory("ipsync-observation-bench");
        try {
            ApplicationContextRunner runner = new ApplicationContextRunner()
                    .withConfiguration(traced
                            ? AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                                    BraveAutoConfiguration.class, JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class)
                            : observed
                                    ? AutoConfigurations.of(ObservationAutoConfiguration.class, JacksonAutoConfiguration.class,
                                            IpsyncAutoConfiguration.class)
                                    : AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                    .withUserConfiguration(Listener.class)
                    .withPropertyValues("ipsync.base-dir=" + base, "ipsync.queues.orders=orders",
                            "ipsync.template.observation-enabled=" + observed, "ipsync.listener.observation-enabled=" + observed,
                            "management.tracing.sampling.probability=1.0");
            AtomicReference<Exception> failure = new AtomicReference<>();
            runner.run(context -> {
                try {
                    IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
                    Counting counting = context.getBean(Counting.class);
                    Tracer tracer = traced ? context.getBean(Tracer.class) : null;
                    double[] send = new double[rounds];
                    double[] total = new double[rounds];
                    for (int round = -1; round < rounds; round++) {
                        double[] figures = round(template, counting, tracer, messages, header);
                        if (round >= 0) {
                            send[round] = figures[0];
                            total[round] = figures[1];
                        }
                    }
                    System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f %10.1f %10.1f%n", label, min(send), median(send),
                            min(total), median(total));
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            if (failure.get() != null) {
                throw failure.get();
            }
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** One round: every message sent (in a span of its own where there is a tracer), then all handled. */
    private static double[] round(IpsyncTemplate template, Counting counting, Tracer tracer, int messages, boolean header)
            throws Exception {
        java.util.Map<String, String> headers = header
                ? java.util.Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                : java.util.Map.of();
        CountDownLatch handled = new CountDownLatch(messages);
        counting.latch.set(handled);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            if (tracer == null) {
                template.send("orders", new Order(i), headers).join();
            } else {
                var span = tracer.nextSpan().name("request").start();
                try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                    template.send("orders", new Order(i)).join();
                } finally {
                    span.end();
                }
            }
        }
        long sent = System.nanoTime();
        if (!handled.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(handled.getCount() + " messages not handled within 5 minutes");
        }
        long done = System.nanoTime();
        return new double[] {(sent - start) / 1_000.0 / messages, (done - start) / 1_000.0 / messages};
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
