package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Startup warns, and still starts, when stopping the listeners can outlast Spring's shutdown phase:
 * Spring would then stop the rest of the application while handlers still run.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownPhaseTimeoutWarningTests {

    @TempDir
    Path baseDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    @Test
    void phaseTimeoutShorterThanShutdownTimeoutPlusGraceIsWarnedAboutNamingBothProperties(CapturedOutput output) {
        runner().withPropertyValues("ipsync.shutdown-timeout=30s", "spring.lifecycle.timeout-per-shutdown-phase=32s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("WARN").contains("ipsync.shutdown-timeout (30s)")
                            .contains("spring.lifecycle.timeout-per-shutdown-phase (32s)").contains("at least 35s");
                });
    }

    @Test
    void phaseTimeoutThatLeavesRoomForTheGraceIsNotWarnedAbout(CapturedOutput output) {
        runner().withPropertyValues("ipsync.shutdown-timeout=25s", "spring.lifecycle.timeout-per-shutdown-phase=30s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).doesNotContain("timeout-per-shutdown-phase");
                });
    }

    @Test
    void anUnsetPhaseTimeoutIsBootsDefaultOf30Seconds(CapturedOutput output) {
        runner().withPropertyValues("ipsync.shutdown-timeout=5m").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("WARN").contains("spring.lifecycle.timeout-per-shutdown-phase (30s)");
        });
    }

    @Test
    void theDefaultShutdownTimeoutFitsBootsDefaultPhase(CapturedOutput output) {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).doesNotContain("timeout-per-shutdown-phase");
        });
    }
}
