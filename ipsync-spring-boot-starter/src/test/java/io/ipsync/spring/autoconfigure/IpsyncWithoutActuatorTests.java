package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** An application without Actuator, health or Micrometer still gets its channels, and nothing else. */
class IpsyncWithoutActuatorTests {

    @TempDir
    Path baseDir;

    @Test
    void contextStartsWithChannelsAndWithoutHealthMetricsOrEndpoint() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                        "org.springframework.boot.health", "org.springframework.boot.micrometer", "io.micrometer"))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncHealthContributorAutoConfiguration.class, IpsyncMetricsAutoConfiguration.class,
                        IpsyncEndpointAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "management.endpoints.web.exposure.include=*")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("orders");
                    assertThat(context.getBean("orders", JsonDataQueue.class).location())
                            .isEqualTo(baseDir.resolve("orders").toString());
                    assertThat(context).doesNotHaveBean("ipsyncHealthContributor")
                            .doesNotHaveBean("ipsyncMicrometerQueueObserver")
                            .doesNotHaveBean("ipsyncQueueMetrics")
                            .doesNotHaveBean("ipsyncEndpoint");
                });
    }
}
