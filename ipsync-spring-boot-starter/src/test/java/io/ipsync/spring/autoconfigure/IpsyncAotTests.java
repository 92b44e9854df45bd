package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.JsonPayload;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import io.ipsync.file.FileTransport;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.redis.IpsyncRedisAutoConfiguration;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.core.IpsyncTemplate;
import io.ipsync.spring.core.UnknownChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.util.function.ThrowingConsumer;
import tools.jackson.databind.JsonNode;

/**
 * The starter under Spring's ahead-of-time processing, as {@code process-aot} and
 * {@code -Dspring.aot.enabled=true} use it: a context is processed with the properties of the
 * build, the generated code is compiled and run in a fresh context with the properties of the run
 * (Spring's {@link TestCompiler}, as Spring Boot tests its own auto-configurations). The channels
 * come from the run's properties; listeners of every form are called; the template sends by the
 * run's channel names; the hints a native image needs are there.
 */
@CompileWithForkedClassLoader
class IpsyncAotTests {

    private static final long PATIENCE_SECONDS = 20;

    /** The channels of {@link EveryListenerForm}, each entry as {@code name=path} under the base directory. */
    private static final List<String> EVERY_CHANNEL = List.of(
            "ipsync.events.reload=reload.event",
            "ipsync.data-events.settings=settings.json",
            "ipsync.queues.orders=orders",
            "ipsync.queues.audited=audited",
            "ipsync.queues.settled=settled",
            "ipsync.queues.raw=raw",
            "ipsync.queues.payloads=payloads",
            "ipsync.queues.texts=texts",
            "ipsync.queues.trees=trees",
            "ipsync.queues.batches=batches",
            "ipsync.queues.later=later");

    @TempDir
    Path buildDir;

    @TempDir
    Path runDir;

    record Line(String item, int quantity) {
    }

    record Order(String id, List<Line> lines) {
    }

    /** Reached only through a generic parameter ({@code List<Parcel>}). */
    record Parcel(String label) {
    }

    record ShopSettings(int maxItems) {
    }

    /** One listener of each form that {@code @IpsyncListener} takes, each recording its calls. */
    static class EveryListenerForm {

        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @IpsyncListener("reload")
        void onReload() {
            calls.add("event");
        }

        @IpsyncListener("settings")
        void onSettingsChanged() {
            calls.add("data event changed");
        }

        @IpsyncListener("settings")
        void onSettings(ShopSettings settings) {
            calls.add("data event value " + settings.maxItems());
        }

        @IpsyncListener("orders")
        void onOrder(Order order) {
            calls.add("payload " + order.id() + " " + order.lines().get(0).item());
        }

        @IpsyncListener("audited")
        void onAudited(Order order, MessageMetadata metadata) {
            calls.add("payload and metadata " + order.id() + " attempt " + metadata.attempt());
        }

        @IpsyncListener("settled")
        void onSettled(Order order, MessageMetadata metadata, ReceivedMessage message) {
            message.acknowledge();
            calls.add("payload, metadata and message " + order.id() + " on " + metadata.queue());
        }

        @IpsyncListener("raw")
        void onRaw(ReceivedMessage message) {
            message.acknowledge();
            calls.add("message " + message.payload().asNode().get("id").asString());
        }

        @IpsyncListener("payloads")
        void onPayload(JsonPayload payload) {
            calls.add("json payload " + payload.asNode().get("id").asString());
        }

        @IpsyncListener("texts")
        void onText(String json) {
            calls.add("text " + json.contains("\"o-6\""));
        }

        @IpsyncListener("trees")
        void onTree(JsonNode tree) {
            calls.add("tree " + tree.get("id").asString());
        }

        @IpsyncListener("batches")
        void onBatch(List<Parcel> parcels) {
            calls.add("generic " + parcels.get(0).label() + " as " + parcels.get(0).getClass().getSimpleName());
        }

        @IpsyncListener("later")
        CompletableFuture<Void> onLater(Order order) {
            return CompletableFuture.runAsync(() -> calls.add("completion " + order.id()));
        }

        /** The next call, waiting for it a bounded time. */
        String nextCall() throws InterruptedException {
            String call = calls.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(call).as("a listener call within %d s", PATIENCE_SECONDS).isNotNull();
            return call;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
            IpsyncRedisAutoConfiguration.class})
    static class EveryListenerFormApplication {

        @Bean
        EveryListenerForm listeners() {
            return new EveryListenerForm();
        }
    }

    /** A listener of one queue, for the scenarios that are about where the queue is. */
    static class OrderListener {

        final BlockingQueue<Order> orders = new LinkedBlockingQueue<>();

        @IpsyncListener("orders")
        void onOrder(Order order) {
            orders.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
            IpsyncRedisAutoConfiguration.class})
    static class OrderListenerApplication {

        @Bean
        OrderListener orderListener() {
            return new OrderListener();
        }
    }

    @Test
    void listenersOfEveryFormAreCalledInAnApplicationRunFromGeneratedCode() throws Exception {
        Processed processed = processAheadOfTime(EveryListenerFormApplication.class, properties(buildDir, EVERY_CHANNEL));

        processed.run(properties(runDir, EVERY_CHANNEL), context -> {
            EveryListenerForm listeners = context.getBean(EveryListenerForm.class);

            context.getBean("reload", Event.class).signal();
            assertThat(listeners.nextCall()).isEqualTo("event");

            context.getBean("settings", JsonDataEvent.class).signal(new ShopSettings(7));
            assertThat(List.of(listeners.nextCall(), listeners.nextCall()))
                    .containsExactlyInAnyOrder("data event changed", "data event value 7");

            put(context, "orders", order("o-1"));
            assertThat(listeners.nextCall()).isEqualTo("payload o-1 tea");
            put(context, "audited", order("o-2"));
            assertThat(listeners.nextCall()).isEqualTo("payload and metadata o-2 attempt 1");
            put(context, "settled", order("o-3"));
            assertThat(listeners.nextCall()).isEqualTo("payload, metadata and message o-3 on " + runDir.resolve("settled"));
            put(context, "raw", order("o-4"));
            assertThat(listeners.nextCall()).isEqualTo("message o-4");
            put(context, "payloads", order("o-5"));
            assertThat(listeners.nextCall()).isEqualTo("json payload o-5");
            put(context, "texts", order("o-6"));
            assertThat(listeners.nextCall()).isEqualTo("text true");
            put(context, "trees", order("o-7"));
            assertThat(listeners.nextCall()).isEqualTo("tree o-7");
            put(context, "batches", List.of(new Parcel("p-1")));
            assertThat(listeners.nextCall()).isEqualTo("generic p-1 as Parcel");
            put(context, "later", order("o-8"));
            assertThat(listeners.nextCall()).isEqualTo("completion o-8");
        });
    }

    @Test
    void channelsAreReadFromThePropertiesOfTheRunNotOfTheBuild() throws Exception {
        Processed processed = processAheadOfTime(OrderListenerApplication.class,
                "ipsync.base-dir=" + buildDir,
                "ipsync.max-attempts=2",
                "ipsync.queues.orders.path=orders-of-the-build",
                "ipsync.queues.removed-after-the-build=removed",
                "ipsync.events.reload=reload.event");

        processed.run(new String[] {
                "ipsync.base-dir=" + runDir,
                "ipsync.max-attempts=5",
                "ipsync.queues.orders.path=orders-of-the-run",
                "ipsync.queues.orders.concurrency=3",
                "ipsync.queues.added-after-the-build=added",
                "ipsync.data-events.settings=settings.json"}, context -> {
            IpsyncChannels channels = context.getBean(IpsyncChannels.class);
            assertThat(channels.names()).containsExactlyInAnyOrder("orders", "added-after-the-build", "settings");
            ChannelDefinition orders = channels.find("orders").orElseThrow();
            assertThat(orders.path()).isEqualTo(runDir.resolve("orders-of-the-run"));
            assertThat(orders.concurrency()).isEqualTo(3);
            assertThat(orders.maxAttempts()).isEqualTo(5);

            assertThat(context.getBean("orders", JsonDataQueue.class).location())
                    .isEqualTo(runDir.resolve("orders-of-the-run").toString());
            assertThat(context.getBean("added-after-the-build")).isInstanceOf(JsonDataQueue.class);
            assertThat(context.getBean("settings")).isInstanceOf(JsonDataEvent.class);
            assertThat(context.containsBean("removed-after-the-build")).isFalse();
            assertThat(context.containsBean("reload")).isFalse();

            put(context, "orders", order("o-1"));
            assertThat(context.getBean(OrderListener.class).orders.poll(PATIENCE_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(order("o-1"));
        });
        try (Stream<Path> built = Files.list(buildDir)) {
            assertThat(built).as("what the run created where the build's properties pointed").isEmpty();
        }
    }

    @Test
    void templateSendsToTheChannelsOfTheRunByTheirNames() throws Exception {
        Processed processed = processAheadOfTime(OrderListenerApplication.class, "ipsync.base-dir=" + buildDir,
                "ipsync.queues.orders=orders", "ipsync.queues.removed-after-the-build=removed");

        processed.run(new String[] {"ipsync.base-dir=" + runDir, "ipsync.queues.orders=orders",
                "ipsync.queues.added-after-the-build=added", "ipsync.template.default-queue=added-after-the-build"},
                context -> {
                    IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
                    template.send("orders", order("o-1"), java.util.Map.of("tenant", "acme")).join();
                    assertThat(context.getBean(OrderListener.class).orders.poll(PATIENCE_SECONDS, TimeUnit.SECONDS))
                            .isEqualTo(order("o-1"));

                    template.sendDefault(order("o-2")).join();
                    assertThat(context.getBean("added-after-the-build", JsonDataQueue.class).size()).isOne();
                    assertThatThrownBy(() -> template.send("removed-after-the-build", order("o-3")))
                            .isInstanceOf(UnknownChannelException.class)
                            .hasMessageEndingWith("the configured queues are orders, added-after-the-build");
                });
    }

    @Test
    void transportIsChosenByThePropertiesOfTheRun() throws Exception {
        Processed processed = processAheadOfTime(OrderListenerApplication.class,
                "ipsync.base-dir=" + buildDir, "ipsync.queues.orders=orders");

        try (RedisServer redis = new RedisServer()) {
            redis.start();
            processed.run(new String[] {
                    "ipsync.base-dir=" + runDir,
                    "ipsync.transport=redis",
                    "spring.data.redis.url=" + redis.uri(),
                    "ipsync.queues.orders=orders"}, context -> {
                JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                assertThat(orders.location()).isEqualTo(redis.uri() + "/orders");

                orders.put(order("o-1"));
                assertThat(context.getBean(OrderListener.class).orders.poll(PATIENCE_SECONDS, TimeUnit.SECONDS))
                        .isEqualTo(order("o-1"));
            });
            assertThat(redis.commands().exists("{ipsync:orders}:stream")).as("the queue's stream on the server").isOne();
        }
        try (Stream<Path> kept = Files.list(runDir)) {
            assertThat(kept).as("files of a queue kept on Redis").isEmpty();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class})
    static class OwnOrdersQueue {

        @Bean(destroyMethod = "close")
        JsonDataQueue orders(@Value("${ipsync.base-dir}") Path baseDir) {
            return JsonDataQueue.open(baseDir.resolve("mine"));
        }
    }

    @Test
    void applicationsOwnBeanOfAChannelsNameWinsInAnApplicationRunFromGeneratedCode() throws Exception {
        Processed processed = processAheadOfTime(OwnOrdersQueue.class, "ipsync.base-dir=" + buildDir,
                "ipsync.queues.orders=orders");

        processed.run(new String[] {"ipsync.base-dir=" + runDir, "ipsync.queues.orders=orders"}, context -> {
            assertThat(context.getBeansOfType(JsonDataQueue.class)).containsOnlyKeys("orders");
            assertThat(context.getBean("orders", JsonDataQueue.class).location()).isEqualTo(runDir.resolve("mine").toString());
            assertThat(runDir.resolve("orders")).doesNotExist();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class})
    static class InvoicesServiceNamedLikeAChannel {

        @Bean
        StringBuilder invoices() {
            return new StringBuilder("not a queue");
        }
    }

    @Test
    void beanOfAnotherTypeNamedLikeAChannelAddedAfterTheBuildFailsStartup() {
        Processed processed = processAheadOfTime(InvoicesServiceNamedLikeAChannel.class, "ipsync.base-dir=" + buildDir);

        assertThatThrownBy(() -> processed.run(new String[] {"ipsync.base-dir=" + runDir, "ipsync.queues.invoices=invoices"},
                context -> {
                }))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("ipsync.queues.invoices")
                .hasMessageContaining(StringBuilder.class.getName());
    }

    /** Named in the build's properties as not retryable. */
    static class OutOfStockException extends RuntimeException {
    }

    @Test
    void notRetryableExceptionsComeFromTheRunAndThoseOfTheBuildHaveHints() throws Exception {
        Processed processed = processAheadOfTime(OrderListenerApplication.class, "ipsync.base-dir=" + buildDir,
                "ipsync.queues.orders.path=orders",
                "ipsync.queues.orders.not-retryable-exceptions=" + OutOfStockException.class.getName());

        assertThat(RuntimeHintsPredicates.reflection().onType(OutOfStockException.class))
                .as("a hint to load the class by its name").accepts(processed.generationContext().getRuntimeHints());
        processed.run(new String[] {"ipsync.base-dir=" + runDir, "ipsync.queues.orders.path=orders",
                "ipsync.not-retryable-exceptions=java.lang.IllegalArgumentException",
                "ipsync.queues.orders.not-retryable-exceptions=" + OutOfStockException.class.getName()}, context ->
                assertThat(context.getBean("orders", JsonDataQueue.class).options().notRetryable())
                        .containsExactly(IllegalArgumentException.class, OutOfStockException.class));
    }

    @Test
    void listenerMethodsTheirPayloadTypesAndWhatIpsyncLoadsHaveHintsForANativeImage() throws Exception {
        RuntimeHints hints = processAheadOfTime(EveryListenerFormApplication.class, properties(buildDir, EVERY_CHANNEL))
                .generationContext().getRuntimeHints();

        for (String method : List.of("onReload", "onSettingsChanged", "onSettings", "onOrder", "onAudited", "onSettled",
                "onRaw", "onPayload", "onText", "onTree", "onBatch", "onLater")) {
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EveryListenerForm.class, method))
                    .as("listener method %s invoked", method).accepts(hints);
        }
        // what the JsonMapper reads payloads into, nested and generic types too
        for (Class<?> payload : List.of(Order.class, Line.class, Parcel.class, ShopSettings.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(payload)).as("payload type %s", payload.getSimpleName())
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "lines")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Line.class, "quantity")).accepts(hints);
        // what ipsync fills itself is not reflected on
        assertThat(RuntimeHintsPredicates.reflection().onType(MessageMetadata.class)).rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ReceivedMessage.class)).rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(JsonPayload.class)).rejects(hints);

        // transports, as the service loader finds and creates them
        assertThat(RuntimeHintsPredicates.resource().forResource(IpsyncRuntimeHints.TRANSPORT_SERVICES)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor(FileTransport.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor(RedisTransport.class))).accepts(hints);

        // every Lua script of the Redis transport, as it loads them
        Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath*:io/ipsync/redis/scripts/*.lua");
        assertThat(scripts).isNotEmpty();
        for (Resource script : scripts) {
            assertThat(RuntimeHintsPredicates.resource().forResource("io/ipsync/redis/scripts/" + script.getFilename()))
                    .as("resource hint for %s", script.getFilename()).accepts(hints);
        }
        // what ipsync binds itself
        assertThat(RuntimeHintsPredicates.reflection().onType(QueueEntry.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                .onType(Class.forName("io.ipsync.spring.autoconfigure.redis.RedisConnectionProperties", false,
                        getClass().getClassLoader()))).accepts(hints);
    }

    // ---- AOT processing and running what it generated

    /** The generated code and hints of one AOT processing, and the initializer class it generated. */
    private record Processed(TestGenerationContext generationContext, ClassName initializer) {

        /**
         * Compiles the generated code and runs it, as an application started with
         * {@code -Dspring.aot.enabled=true} does: a fresh context, the generated initializer, refresh.
         */
        void run(String[] properties, ThrowingConsumer<GenericApplicationContext> whileRunning) {
            TestCompiler.forSystem().with(generationContext).compile(compiled -> {
                try (GenericApplicationContext context = new GenericApplicationContext()) {
                    TestPropertyValues.of(properties).applyTo(context);
                    @SuppressWarnings("unchecked")
                    ApplicationContextInitializer<GenericApplicationContext> initializer =
                            compiled.getInstance(ApplicationContextInitializer.class, initializer().toString());
                    initializer.initialize(context);
                    context.refresh();
                    whileRunning.accept(context);
                }
            });
        }
    }

    /** Processes the configuration ahead of time with the given properties, as {@code process-aot} does. */
    private static Processed processAheadOfTime(Class<?> configuration, String... properties) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
            TestPropertyValues.of(properties).applyTo(context);
            context.registerBean(configuration);
            TestGenerationContext generationContext = new TestGenerationContext(IpsyncAotTests.class);
            ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
            generationContext.writeGeneratedContent();
            return new Processed(generationContext, initializer);
        }
    }

    private static String[] properties(Path baseDir, List<String> entries) {
        return Stream.concat(Stream.of("ipsync.base-dir=" + baseDir), entries.stream()).toArray(String[]::new);
    }

    private static Order order(String id) {
        return new Order(id, List.of(new Line("tea", 2)));
    }

    private static void put(GenericApplicationContext context, String queue, Object message) {
        context.getBean(queue, JsonDataQueue.class).put(message);
    }

    private static java.lang.reflect.Constructor<?> constructor(Class<?> type) {
        return Arrays.stream(type.getConstructors()).filter(c -> c.getParameterCount() == 0).findFirst().orElseThrow();
    }
}
