package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.FileSharing;
import io.ipsync.file.UnsafeDirectoryException;
import io.ipsync.spring.channel.IpsyncChannels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

/**
 * The starter's part of ipsync's security: channel paths stay inside {@code ipsync.base-dir},
 * {@code ipsync.sharing} chooses the permissions, and an unsafe base directory stops the startup.
 */
class IpsyncSecurityConfigurationTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"events.reload", "data-events.settings", "queues.orders"})
    void relativePathClimbingOutOfTheBaseDirFailsStartupNamingTheProperty(String channel) {
        runner().withPropertyValues("ipsync." + channel + ".path=../../etc/passwd")
                .run(failsNaming("ipsync." + channel + ".path", "must stay inside ipsync.base-dir"));
    }

    @Test
    void pathThatClimbsOutAfterGoingInIsRefusedToo() {
        runner().withPropertyValues("ipsync.queues.orders.path=orders/../../../etc")
                .run(failsNaming("ipsync.queues.orders.path", "must stay inside ipsync.base-dir"));
    }

    @Test
    void sharingIsPrivateByDefault() {
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(IpsyncChannels.class).find("orders").orElseThrow().sharing()).isEqualTo(FileSharing.PRIVATE);
            assertThat(context.getBean(IpsyncChannels.class).find("orders").orElseThrow().fileSettings().sharing())
                    .isEqualTo(FileSharing.PRIVATE);
            assertThat(mode(baseDir.resolve("orders"))).isEqualTo("0700");
        });
    }

    @Test
    void groupSharingCreatesGroupFolders() {
        runner().withPropertyValues("ipsync.sharing=group", "ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(IpsyncChannels.class).find("orders").orElseThrow().fileSettings().sharing())
                    .isEqualTo(FileSharing.GROUP);
            assertThat(mode(baseDir.resolve("orders"))).isEqualTo("2770");
        });
    }

    @Test
    void unknownSharingFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.sharing=everyone", "ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("everyone");
            assertThat(messages(context.getStartupFailure())).contains("ipsync.sharing");
        });
    }

    @Test
    void worldWritableBaseDirFailsStartupNamingIt() throws Exception {
        Files.setAttribute(baseDir, "unix:mode", 0777, LinkOption.NOFOLLOW_LINKS);
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(UnsafeDirectoryException.class)
                    .hasMessageContaining(baseDir + " is writable by every user");
        });
    }

    private static String mode(Path path) throws Exception {
        return String.format("%04o", (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static ContextConsumer<AssertableApplicationContext> failsNaming(String property, String reason) {
        return context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("Property " + property + " ")
                    .hasMessageContaining(reason);
        };
    }
}
