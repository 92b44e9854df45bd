package io.ipsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SmokeTest {

    @TempDir
    Path dir;

    record Order(String id) {
    }

    static class Handler {
        final BlockingQueue<String> seen = new ArrayBlockingQueue<>(10);

        @IpsyncListener("orders")
        void onOrder(Order order, MessageMetadata metadata) {
            seen.add(order.id() + "@" + metadata.attempt());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean
        Handler handler() {
            return new Handler();
        }
    }

    @Test
    void shortFormQueueListenerReceives() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(Config.class)
                .withPropertyValues("ipsync.base-dir=" + dir, "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("orders", JsonDataQueue.class).put(new Order("A1"));
                    assertThat(context.getBean(Handler.class).seen.poll(20, TimeUnit.SECONDS)).isEqualTo("A1@1");
                });
    }
}
