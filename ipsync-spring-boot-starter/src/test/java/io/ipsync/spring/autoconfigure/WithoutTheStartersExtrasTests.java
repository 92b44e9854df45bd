package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration needs only what the starter names besides the two starters it brings for
 * convenience ({@code spring-boot-starter}: Logback and SnakeYAML; {@code spring-boot-starter-jackson}):
 * an application that excludes them, with a logging and JSON setup of its own, still gets its
 * channels.
 */
class WithoutTheStartersExtrasTests {

    @TempDir
    Path baseDir;

    @Test
    void channelsWorkWithoutLogbackAndSnakeYaml() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("ch.qos.logback", "org.yaml.snakeyaml"))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    orders.put("order");
                    assertThat(orders.receive(Duration.ofSeconds(30)).orElseThrow().payload().as(String.class))
                            .isEqualTo("order");
                });
    }
}
