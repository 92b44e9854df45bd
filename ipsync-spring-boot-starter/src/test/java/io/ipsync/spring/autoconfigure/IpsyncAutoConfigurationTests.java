package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.Event;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueObserver;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.listener.IpsyncListenerAnnotationBeanPostProcessor;
import io.ipsync.spring.listener.IpsyncListenerContainer;
import io.ipsync.spring.listener.IpsyncListenerContainerFactory;
import io.ipsync.spring.listener.IpsyncListenerEndpoint;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channels that {@code ipsync.*} properties configure, the beans that stand for them, and the
 * auto-configuration backing off where the application has its own.
 */
class IpsyncAutoConfigurationTests {

    @TempDir
    Path baseDir;

    record Order(String orderId, int quantity) {
    }

    record ShopSettings(int maxItems) {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    private static ChannelDefinition channel(AssertableApplicationContext context, String name) {
        return context.getBean(IpsyncChannels.class).find(name).orElseThrow();
    }

    // ---- defaults

    @Test
    void withoutChannelsTheInfrastructureIsPresentAndNoChannelBean() {
        runner().run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(IpsyncProperties.class)
                    .hasSingleBean(IpsyncChannels.class)
                    .hasSingleBean(IpsyncChannelFactory.class)
                    .hasSingleBean(IpsyncListenerContainerFactory.class)
                    .hasSingleBean(IpsyncListenerEndpointRegistry.class)
                    .hasBean(IpsyncListenerAnnotationBeanPostProcessor.BEAN_NAME)
                    .doesNotHaveBean(JsonDataQueue.class)
                    .doesNotHaveBean(JsonDataEvent.class)
                    .doesNotHaveBean(Event.class);
            assertThat(context.getBean(IpsyncChannels.class).all()).isEmpty();
        });
    }

    // ---- property forms

    @Test
    void shortFormQueueIsADirectoryUnderTheBaseDirWithDefaultOptions() {
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getType("orders")).isEqualTo(JsonDataQueue.class);
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            assertThat(orders.location()).isEqualTo(baseDir.resolve("orders").toString());
            assertThat(baseDir.resolve("orders")).isDirectory();
            QueueOptions options = orders.options();
            assertThat(options.maxAttempts()).isEqualTo(QueueOptions.DEFAULT_MAX_ATTEMPTS);
            assertThat(options.backOff()).isEqualTo(BackOff.DEFAULT);
            assertThat(options.reclaimInterval()).isEqualTo(QueueOptions.DEFAULT_RECLAIM_INTERVAL);
            assertThat(options.maxMessageSize()).isEqualTo(QueueOptions.DEFAULT_MAX_MESSAGE_SIZE);
            ChannelDefinition definition = channel(context, "orders");
            FileSettings settings = definition.fileSettings();
            assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(settings.deadLetterDirectory()).isNull();
            assertThat(definition.kind()).isEqualTo(ChannelKind.QUEUE);
            assertThat(definition.concurrency()).isEqualTo(1);
            assertThat(definition.autoStartup()).isTrue();
        });
    }

    @Test
    void shortFormEventAndDataEventAreFilesUnderTheBaseDir() {
        runner().withPropertyValues("ipsync.events.reload=signals/reload.event",
                "ipsync.data-events.settings=signals/settings.json").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getType("reload")).isEqualTo(Event.class);
                    assertThat(context.getType("settings")).isEqualTo(JsonDataEvent.class);
                    assertThat(context.getBean("reload", Event.class).location())
                            .isEqualTo(baseDir.resolve("signals/reload.event").toString());
                    assertThat(context.getBean("settings", JsonDataEvent.class).location())
                            .isEqualTo(baseDir.resolve("signals/settings.json").toString());
                    assertThat(channel(context, "reload").kind()).isEqualTo(ChannelKind.EVENT);
                    assertThat(channel(context, "settings").kind()).isEqualTo(ChannelKind.DATA_EVENT);
                    assertThat(channel(context, "reload").fireOnInit()).isTrue();
                });
    }

    @Test
    void longFormQueueTakesEveryOptionOfItsOwn() {
        runner().withPropertyValues(
                "ipsync.queues.orders.path=work/orders",
                "ipsync.queues.orders.concurrency=4",
                "ipsync.queues.orders.max-attempts=7",
                "ipsync.queues.orders.backoff.initial-interval=50ms",
                "ipsync.queues.orders.backoff.multiplier=3",
                "ipsync.queues.orders.backoff.max-interval=2s",
                "ipsync.queues.orders.dead-letter-directory=dead/orders",
                "ipsync.queues.orders.create-directory=true",
                "ipsync.queues.orders.poll-interval=200ms",
                "ipsync.queues.orders.auto-startup=false",
                "ipsync.queues.orders.reclaim-interval=750ms",
                "ipsync.queues.orders.max-message-size=1KB").run(context -> {
                    assertThat(context).hasNotFailed();
                    ChannelDefinition definition = channel(context, "orders");
                    assertThat(definition.path()).isEqualTo(baseDir.resolve("work/orders"));
                    assertThat(definition.concurrency()).isEqualTo(4);
                    assertThat(definition.autoStartup()).isFalse();
                    assertThat(definition.createDirectory()).isTrue();
                    QueueOptions options = context.getBean("orders", JsonDataQueue.class).options();
                    assertThat(options.maxAttempts()).isEqualTo(7);
                    assertThat(options.backOff())
                            .isEqualTo(new BackOff(Duration.ofMillis(50), 3.0, Duration.ofSeconds(2)));
                    FileSettings settings = definition.fileSettings();
                    assertThat(settings.deadLetterDirectory()).isEqualTo(baseDir.resolve("dead/orders"));
                    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(200));
                    assertThat(options.reclaimInterval()).isEqualTo(Duration.ofMillis(750));
                    assertThat(options.maxMessageSize()).isEqualTo(1024);
                    assertThat(baseDir.resolve("work/orders")).isDirectory();
                });
    }

    @Test
    void longFormEventAndDataEventTakeTheirOwnOptions() {
        runner().withPropertyValues(
                "ipsync.events.reload.path=reload.event",
                "ipsync.events.reload.fire-on-init=false",
                "ipsync.events.reload.poll-interval=250ms",
                "ipsync.events.reload.auto-startup=false",
                "ipsync.data-events.settings.path=settings.json",
                "ipsync.data-events.settings.max-message-size=2KB",
                "ipsync.data-events.settings.poll-interval=300ms").run(context -> {
                    assertThat(context).hasNotFailed();
                    ChannelDefinition reload = channel(context, "reload");
                    assertThat(reload.fireOnInit()).isFalse();
                    assertThat(reload.pollInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(reload.autoStartup()).isFalse();
                    ChannelDefinition settings = channel(context, "settings");
                    assertThat(settings.fireOnInit()).isTrue();
                    assertThat(settings.maxMessageSize()).isEqualTo(DataSize.ofKilobytes(2).toBytes());
                    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(300));
                });
    }

    @Test
    void globalOptionsAreTheDefaultsOfEveryEntryThatDoesNotSetItsOwn() {
        runner().withPropertyValues(
                "ipsync.concurrency=2",
                "ipsync.max-attempts=5",
                "ipsync.poll-interval=300ms",
                "ipsync.auto-startup=false",
                "ipsync.reclaim-interval=5s",
                "ipsync.max-message-size=2KB",
                "ipsync.dead-letter-directory=dead",
                "ipsync.backoff.initial-interval=20ms",
                "ipsync.backoff.multiplier=1.5",
                "ipsync.backoff.max-interval=1s",
                "ipsync.fire-on-init=false",
                "ipsync.queues.plain=plain",
                "ipsync.queues.own.path=own",
                "ipsync.queues.own.max-attempts=9",
                "ipsync.queues.own.concurrency=3",
                "ipsync.queues.own.backoff.multiplier=4",
                "ipsync.events.reload=reload.event").run(context -> {
                    assertThat(context).hasNotFailed();
                    ChannelDefinition plain = channel(context, "plain");
                    assertThat(plain.concurrency()).isEqualTo(2);
                    assertThat(plain.autoStartup()).isFalse();
                    QueueOptions plainOptions = context.getBean("plain", JsonDataQueue.class).options();
                    assertThat(plainOptions.maxAttempts()).isEqualTo(5);
                    assertThat(plain.fileSettings().pollInterval()).isEqualTo(Duration.ofMillis(300));
                    assertThat(plainOptions.reclaimInterval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(plainOptions.maxMessageSize()).isEqualTo(2048);
                    assertThat(plain.fileSettings().deadLetterDirectory()).isEqualTo(baseDir.resolve("dead"));
                    assertThat(plainOptions.backOff()).isEqualTo(new BackOff(Duration.ofMillis(20), 1.5, Duration.ofSeconds(1)));

                    ChannelDefinition own = channel(context, "own");
                    assertThat(own.concurrency()).isEqualTo(3);
                    QueueOptions ownOptions = context.getBean("own", JsonDataQueue.class).options();
                    assertThat(ownOptions.maxAttempts()).isEqualTo(9);
                    assertThat(ownOptions.backOff()).isEqualTo(new BackOff(Duration.ofMillis(20), 4.0, Duration.ofSeconds(1)));
                    assertThat(own.fileSettings().pollInterval()).isEqualTo(Duration.ofMillis(300));

                    assertThat(channel(context, "reload").fireOnInit()).isFalse();
                    assertThat(channel(context, "reload").pollInterval()).isEqualTo(Duration.ofMillis(300));
                });
    }

    // ---- paths

    @Test
    void absolutePathIsKeptAsItIs() {
        Path elsewhere = baseDir.resolve("elsewhere/orders").toAbsolutePath();
        runner().withPropertyValues("ipsync.base-dir=" + baseDir.resolve("base"), "ipsync.queues.orders=" + elsewhere)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("orders", JsonDataQueue.class).location()).isEqualTo(elsewhere.toString());
                    assertThat(elsewhere).isDirectory();
                });
    }

    @Test
    void relativePathLeavingTheBaseDirFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders=../outside").run(failsNaming("ipsync.queues.orders.path",
                "../outside", "must stay inside ipsync.base-dir"));
    }

    @Test
    void relativeDeadLetterDirectoryLeavingTheBaseDirFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders",
                "ipsync.queues.orders.dead-letter-directory=../../dead").run(
                        failsNaming("ipsync.queues.orders.dead-letter-directory", "../../dead", "ipsync.base-dir"));
    }

    @Test
    void missingQueueDirectoryFailsStartupWhenItMustNotBeCreated() {
        runner().withPropertyValues("ipsync.queues.orders.path=missing", "ipsync.queues.orders.create-directory=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(IpsyncException.class.getName())
                            .hasStackTraceContaining(baseDir.resolve("missing").toString());
                    assertThat(baseDir.resolve("missing")).doesNotExist();
                });
    }

    // ---- invalid values, one per test

    @Test
    void zeroMaxAttemptsFailsStartup() {
        runner().withPropertyValues("ipsync.max-attempts=0", "ipsync.queues.orders=orders")
                .run(failsNaming("ipsync.max-attempts", "0", "at least 1"));
    }

    @Test
    void zeroMaxAttemptsOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.max-attempts=0")
                .run(failsNaming("ipsync.queues.orders.max-attempts", "0", "at least 1"));
    }

    @Test
    void zeroConcurrencyOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.concurrency=0")
                .run(failsNaming("ipsync.queues.orders.concurrency", "0", "at least 1"));
    }

    @Test
    void negativePollIntervalFailsStartup() {
        runner().withPropertyValues("ipsync.poll-interval=-1s").run(failsNaming("ipsync.poll-interval", "PT-1S", "positive"));
    }

    @Test
    void negativePollIntervalOfAnEventFailsStartup() {
        runner().withPropertyValues("ipsync.events.reload.path=reload.event", "ipsync.events.reload.poll-interval=-5ms")
                .run(failsNaming("ipsync.events.reload.poll-interval", "PT-0.005S", "positive"));
    }

    @Test
    void negativeInitialBackoffOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders",
                "ipsync.queues.orders.backoff.initial-interval=-10ms")
                .run(failsNaming("ipsync.queues.orders.backoff.initial-interval", "PT-0.01S", "must not be negative"));
    }

    @Test
    void zeroReclaimIntervalFailsStartup() {
        runner().withPropertyValues("ipsync.reclaim-interval=0s").run(failsNaming("ipsync.reclaim-interval", "PT0S", "positive"));
    }

    @Test
    void negativeShutdownTimeoutFailsStartup() {
        runner().withPropertyValues("ipsync.shutdown-timeout=-1s")
                .run(failsNaming("ipsync.shutdown-timeout", "PT-1S", "must not be negative"));
    }

    @Test
    void backoffMultiplierBelowOneFailsStartup() {
        runner().withPropertyValues("ipsync.backoff.multiplier=0.5")
                .run(failsNaming("ipsync.backoff.multiplier", "0.5", "at least 1"));
    }

    @Test
    void backoffMultiplierBelowOneInheritedByAQueueIsReportedWhereItIsSet() {
        runner().withPropertyValues("ipsync.backoff.multiplier=0.5", "ipsync.queues.orders=orders")
                .run(failsNaming("ipsync.backoff.multiplier", "0.5", "at least 1"));
    }

    @Test
    void backoffMultiplierBelowOneOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.backoff.multiplier=0.5")
                .run(failsNaming("ipsync.queues.orders.backoff.multiplier", "0.5", "at least 1"));
    }

    @Test
    void maxBackoffShorterThanTheInitialOneFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders",
                "ipsync.queues.orders.backoff.initial-interval=5s", "ipsync.queues.orders.backoff.max-interval=1s")
                .run(failsNaming("ipsync.queues.orders.backoff.max-interval", "PT1S", "initial interval"));
    }

    @Test
    void zeroMaxMessageSizeOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.max-message-size=0B")
                .run(failsNaming("ipsync.queues.orders.max-message-size", "0B", "between 1 byte"));
    }

    @Test
    void longFormEntryWithoutPathFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.concurrency=2")
                .run(failsNaming("ipsync.queues.orders.path", "null", "a path is required"));
    }

    @Test
    void nameUsedByTwoKindsOfChannelFailsStartup() {
        runner().withPropertyValues("ipsync.events.orders=orders.event", "ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()))
                    .hasMessageContaining("'orders'")
                    .hasMessageContaining("ipsync.events")
                    .hasMessageContaining("ipsync.queues")
                    .hasMessageContaining("unique");
        });
    }

    private static ContextConsumer<AssertableApplicationContext> failsNaming(String property, String value, String reason) {
        return context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("Property " + property + " ")
                    .hasMessageContaining("'" + value + "'")
                    .hasMessageContaining(reason);
            assertThat(((InvalidConfigurationPropertyValueException) rootCause(context.getStartupFailure())).getName())
                    .isEqualTo(property);
        };
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    // ---- channel beans

    static class OrderService {
        final JsonDataQueue queue;

        OrderService(JsonDataQueue queue) {
            this.queue = queue;
        }
    }

    static class Billing {
        final JsonDataQueue invoices;

        final JsonDataQueue orders;

        Billing(JsonDataQueue invoices, JsonDataQueue orders) {
            this.invoices = invoices;
            this.orders = orders;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InjectionConfiguration {

        @Bean
        OrderService orderService(@Qualifier("orders") JsonDataQueue queue) {
            return new OrderService(queue);
        }

        @Bean
        Billing billing(JsonDataQueue invoices, JsonDataQueue orders) {
            return new Billing(invoices, orders);
        }
    }

    @Test
    void channelBeansAreInjectedByQualifierAndByParameterName() {
        runner().withUserConfiguration(InjectionConfiguration.class)
                .withPropertyValues("ipsync.queues.orders=orders", "ipsync.queues.invoices=invoices")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    JsonDataQueue invoices = context.getBean("invoices", JsonDataQueue.class);
                    assertThat(context.getBean(OrderService.class).queue).isSameAs(orders);
                    assertThat(context.getBean(Billing.class).orders).isSameAs(orders);
                    assertThat(context.getBean(Billing.class).invoices).isSameAs(invoices);
                });
    }

    // ---- the application's JsonMapper

    @Test
    void queueMessagesAreWrittenWithTheJsonMapperThatSpringJacksonPropertiesConfigure() {
        runner().withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE", "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String name = context.getBean("orders", JsonDataQueue.class).put(new Order("A-17", 3));
                    String onDisk = Files.readString(baseDir.resolve("orders").resolve(name), StandardCharsets.UTF_8);
                    assertThat(onDisk).contains("\"order_id\":\"A-17\"").doesNotContain("orderId");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UpperCamelCaseJsonMapper {

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE).build();
        }
    }

    @Test
    void dataEventValuesAreWrittenWithTheApplicationsOwnJsonMapperBean() {
        runner().withUserConfiguration(UpperCamelCaseJsonMapper.class)
                .withPropertyValues("ipsync.data-events.settings=settings.json")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("settings", JsonDataEvent.class).signal(new ShopSettings(12));
                    assertThat(Files.readString(baseDir.resolve("settings.json"))).isEqualTo("{\"MaxItems\":12}");
                });
    }

    // ---- backing off

    @Configuration(proxyBeanMethods = false)
    static class OwnOrdersQueue {

        @Bean(destroyMethod = "close")
        JsonDataQueue orders(@Value("${ipsync.base-dir}") Path baseDir) {
            return JsonDataQueue.open(baseDir.resolve("mine"), QueueOptions.builder().maxAttempts(11).build());
        }
    }

    @Test
    void beanNamedLikeAChannelIsTheApplicationsOwn() {
        runner().withUserConfiguration(OwnOrdersQueue.class).withPropertyValues("ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JsonDataQueue.class);
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    assertThat(orders.location()).isEqualTo(baseDir.resolve("mine").toString());
                    assertThat(orders.options().maxAttempts()).isEqualTo(11);
                    assertThat(baseDir.resolve("orders")).doesNotExist();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrdersServiceNamedLikeAChannel {

        @Bean
        StringBuilder orders() {
            return new StringBuilder("not a queue");
        }
    }

    @Test
    void beanOfAnotherTypeNamedLikeAChannelFailsStartupInsteadOfHidingTheChannel() {
        runner().withUserConfiguration(OrdersServiceNamedLikeAChannel.class).withPropertyValues("ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure()))
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("ipsync.queues.orders")
                            .hasMessageContaining(StringBuilder.class.getName())
                            .hasMessageContaining(JsonDataQueue.class.getName());
                });
    }

    static class CountingChannelFactory extends IpsyncChannelFactory {

        final AtomicInteger queuesOpened = new AtomicInteger();

        CountingChannelFactory() {
            super(JsonMapper.builder().build(), QueueObserver.NONE);
        }

        @Override
        public JsonDataQueue openQueue(ChannelDefinition definition) {
            queuesOpened.incrementAndGet();
            return super.openQueue(definition);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChannelFactory {

        @Bean
        CountingChannelFactory ownChannelFactory() {
            return new CountingChannelFactory();
        }
    }

    @Test
    void applicationsChannelFactoryOpensTheChannels() {
        runner().withUserConfiguration(OwnChannelFactory.class)
                .withPropertyValues("ipsync.queues.orders=orders", "ipsync.queues.invoices=invoices")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(IpsyncChannelFactory.class);
                    assertThat(context).getBean(IpsyncChannelFactory.class).isInstanceOf(CountingChannelFactory.class);
                    assertThat(context.getBean(CountingChannelFactory.class).queuesOpened).hasValue(2);
                });
    }

    static class OwnContainerFactory extends IpsyncListenerContainerFactory {

        final List<String> built = new CopyOnWriteArrayList<>();

        OwnContainerFactory(BeanFactory beanFactory, IpsyncChannelFactory channelFactory) {
            super(beanFactory, channelFactory, ListenerErrorHandler.LOGGING, Duration.ofSeconds(1));
        }

        @Override
        public IpsyncListenerContainer createContainer(IpsyncListenerEndpoint endpoint) {
            built.add(endpoint.id());
            return super.createContainer(endpoint);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnListenerInfrastructure {

        @Bean
        OwnContainerFactory ownContainerFactory(BeanFactory beanFactory, IpsyncChannelFactory channelFactory) {
            return new OwnContainerFactory(beanFactory, channelFactory);
        }

        @Bean
        IpsyncListenerEndpointRegistry ownRegistry(OwnContainerFactory factory) {
            return new IpsyncListenerEndpointRegistry(factory);
        }
    }

    @Test
    void applicationsContainerFactoryAndRegistryReplaceTheAutoConfiguredOnes() {
        runner().withUserConfiguration(OwnListenerInfrastructure.class, ListenerConfiguration.class)
                .withPropertyValues("ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed()
                            .hasSingleBean(IpsyncListenerContainerFactory.class)
                            .hasSingleBean(IpsyncListenerEndpointRegistry.class)
                            .hasBean("ownRegistry")
                            .doesNotHaveBean("ipsyncListenerEndpointRegistry")
                            .doesNotHaveBean("ipsyncListenerContainerFactory");
                    assertThat(context.getBean(OwnContainerFactory.class).built).containsExactly("ordersListener.onOrder");
                    assertThat(context.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainerIds())
                            .containsExactly("ordersListener.onOrder");
                });
    }

    // ---- switched off

    static class OrdersListener {
        @IpsyncListener("orders")
        void onOrder(Order order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {
        @Bean
        OrdersListener ordersListener() {
            return new OrdersListener();
        }
    }

    @Test
    void disabledIpsyncDefinesNothingAndIgnoresListeners() {
        runner().withUserConfiguration(ListenerConfiguration.class)
                .withPropertyValues("ipsync.enabled=false", "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed()
                            .doesNotHaveBean(IpsyncChannels.class)
                            .doesNotHaveBean(IpsyncChannelFactory.class)
                            .doesNotHaveBean(IpsyncListenerEndpointRegistry.class)
                            .doesNotHaveBean(IpsyncListenerAnnotationBeanPostProcessor.BEAN_NAME)
                            .doesNotHaveBean("orders");
                    assertThat(baseDir.resolve("orders")).doesNotExist();
                });
    }
}
