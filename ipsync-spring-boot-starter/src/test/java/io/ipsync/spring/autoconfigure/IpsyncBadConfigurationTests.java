package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

/**
 * Malformed {@code ipsync.*} configuration, one scenario each, beyond those in
 * {@link IpsyncAutoConfigurationTests}: startup fails, and the failure names the property (and
 * the value where there is one), so that the operator knows which line to fix.
 */
class IpsyncBadConfigurationTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    // ---- values Spring cannot convert: the binder names the property

    @Test
    void unparsableDurationFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.poll-interval=soon").run(failsMentioning("ipsync.poll-interval", "soon"));
    }

    @Test
    void unparsableDurationOfAQueueFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.reclaim-interval=2 parsecs")
                .run(failsMentioning("ipsync.queues.orders.reclaim-interval", "2 parsecs"));
    }

    @Test
    void unparsableSizeFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.max-message-size=huge").run(failsMentioning("ipsync.max-message-size", "huge"));
    }

    @Test
    void nonNumericMaxAttemptsFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.max-attempts=three").run(failsMentioning("ipsync.max-attempts", "three"));
    }

    @Test
    void nonBooleanCreateDirectoryFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.create-directory=sometimes")
                .run(failsMentioning("ipsync.queues.orders.create-directory", "sometimes"));
    }

    // ---- values that convert but cannot work

    @Test
    void zeroPollIntervalOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.poll-interval=0s")
                .run(failsNaming("ipsync.queues.orders.poll-interval", "PT0S", "positive"));
    }

    @Test
    void negativeReclaimIntervalOfAQueueFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.reclaim-interval=-1s")
                .run(failsNaming("ipsync.queues.orders.reclaim-interval", "PT-1S", "positive"));
    }

    @Test
    void negativeMaxAttemptsFailsStartup() {
        runner().withPropertyValues("ipsync.max-attempts=-3").run(failsNaming("ipsync.max-attempts", "-3", "at least 1"));
    }

    @Test
    void zeroConcurrencyFailsStartup() {
        runner().withPropertyValues("ipsync.concurrency=0").run(failsNaming("ipsync.concurrency", "0", "at least 1"));
    }

    @Test
    void negativeMaxMessageSizeFailsStartup() {
        runner().withPropertyValues("ipsync.max-message-size=-1B", "ipsync.queues.orders=orders")
                .run(failsNaming("ipsync.queues.orders.max-message-size", "-1B", "between 1 byte"));
    }

    @Test
    void maxMessageSizeBeyondTwoGigabytesFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders", "ipsync.queues.orders.max-message-size=3GB")
                .run(failsNaming("ipsync.queues.orders.max-message-size", "3221225472B", "between 1 byte"));
    }

    @Test
    void zeroMaxValueSizeOfADataEventFailsStartupNamingTheDeprecatedName() {
        runner().withPropertyValues("ipsync.data-events.settings.path=settings.json",
                "ipsync.data-events.settings.max-value-size=0B")
                .run(failsNaming("ipsync.data-events.settings.max-value-size", "0B", "between 1 byte"));
    }

    @Test
    void zeroMaxMessageSizeOfADataEventFailsStartup() {
        runner().withPropertyValues("ipsync.data-events.settings.path=settings.json",
                "ipsync.data-events.settings.max-message-size=0B")
                .run(failsNaming("ipsync.data-events.settings.max-message-size", "0B", "between 1 byte"));
    }

    @Test
    void notANumberBackoffMultiplierFailsStartup() {
        runner().withPropertyValues("ipsync.backoff.multiplier=NaN")
                .run(failsNaming("ipsync.backoff.multiplier", "NaN", "finite number"));
    }

    @Test
    void infiniteBackoffMultiplierFailsStartup() {
        runner().withPropertyValues("ipsync.backoff.multiplier=Infinity")
                .run(failsNaming("ipsync.backoff.multiplier", "Infinity", "finite number"));
    }

    @Test
    void blankShortFormPathFailsStartup() {
        runner().withPropertyValues("ipsync.queues.orders= ")
                .run(failsMentioning("ipsync.queues.orders", "path"));
    }

    @Test
    void unknownChannelKindFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.topics.orders=orders")
                .run(failsMentioning("ipsync.topics.orders", "orders"));
    }

    @Test
    void unknownNotRetryableExceptionClassOfAQueueFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders",
                        "ipsync.queues.orders.not-retryable-exceptions=java.lang.IllegalArgumentException,com.example.OutOfStock")
                .run(failsNaming("ipsync.queues.orders.not-retryable-exceptions[1]", "com.example.OutOfStock",
                        "no such class on the class path"));
    }

    @Test
    void globalNotRetryableExceptionThatIsNotAnExceptionFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.not-retryable-exceptions=java.lang.String")
                .run(failsNaming("ipsync.not-retryable-exceptions[0]", "java.lang.String", "not an exception class"));
    }

    // ---- paths that exist but are of the wrong kind

    @Test
    void queuePathThatIsAFileFailsStartupNamingTheProperty() throws Exception {
        Path file = Files.writeString(baseDir.resolve("orders"), "not a directory");
        runner().withPropertyValues("ipsync.queues.orders=orders")
                .run(failsMentioning("ipsync.queues.orders", file.toString()));
        assertThat(file).hasContent("not a directory");
    }

    @Test
    void eventPathBelowAFileFailsStartupNamingTheProperty() throws Exception {
        Path file = Files.writeString(baseDir.resolve("signals"), "not a directory");
        runner().withPropertyValues("ipsync.events.reload=signals/reload.event")
                .run(failsMentioning("ipsync.events.reload", file.toString()));
    }

    private static ContextConsumer<AssertableApplicationContext> failsNaming(String property, String value, String reason) {
        return context -> {
            assertThat(context).hasFailed();
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("Property " + property + " ")
                    .hasMessageContaining("'" + value + "'")
                    .hasMessageContaining(reason);
            assertThat(((InvalidConfigurationPropertyValueException) root).getName()).isEqualTo(property);
        };
    }

    /** The failure's messages, along its causes, mention the property and the value. */
    private static ContextConsumer<AssertableApplicationContext> failsMentioning(String property, String value) {
        return context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            assertThat(messages.toString()).contains(property).contains(value);
        };
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
