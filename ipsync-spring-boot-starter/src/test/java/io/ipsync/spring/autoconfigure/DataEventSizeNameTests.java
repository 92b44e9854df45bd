package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

/**
 * A data event's size limit is {@code max-message-size}, as a queue's is; the old name
 * {@code max-value-size} still binds, and startup warns about it, naming the entry's property and
 * its replacement.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataEventSizeNameTests {

    private static final String OLD = "ipsync.data-events.settings.max-value-size";

    private static final String NEW = "ipsync.data-events.settings.max-message-size";

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.data-events.settings.path=settings.json");
    }

    private static long maxSize(AssertableApplicationContext context) {
        ChannelDefinition settings = context.getBean(IpsyncChannels.class).find("settings").orElseThrow();
        return settings.maxMessageSize();
    }

    @Test
    void maxMessageSizeLimitsADataEventWithoutAWarning(CapturedOutput output) {
        runner().withPropertyValues(NEW + "=3KB").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(maxSize(context)).isEqualTo(DataSize.ofKilobytes(3).toBytes());
            assertThat(output).doesNotContain("max-value-size");
        });
    }

    @Test
    void theOldNameStillBindsAndIsWarnedAboutNamingItsReplacement(CapturedOutput output) {
        runner().withPropertyValues(OLD + "=2KB").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(maxSize(context)).isEqualTo(DataSize.ofKilobytes(2).toBytes());
            assertThat(output).contains("WARN").contains(OLD + " is deprecated: use " + NEW);
        });
    }

    @Test
    void withBothNamesTheNewOneWinsAndTheWarningSaysTheOldIsIgnored(CapturedOutput output) {
        runner().withPropertyValues(OLD + "=2KB", NEW + "=5KB").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(maxSize(context)).isEqualTo(DataSize.ofKilobytes(5).toBytes());
            assertThat(output).contains("WARN").contains(OLD + " is ignored, since " + NEW + " is set");
        });
    }

    @Test
    void withoutEitherNameTheGlobalMaxMessageSizeApplies(CapturedOutput output) {
        runner().withPropertyValues("ipsync.max-message-size=7KB").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(maxSize(context)).isEqualTo(DataSize.ofKilobytes(7).toBytes());
            assertThat(output).doesNotContain("max-value-size");
        });
    }
}
