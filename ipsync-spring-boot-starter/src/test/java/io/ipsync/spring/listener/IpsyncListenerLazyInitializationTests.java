package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code spring.main.lazy-initialization=true} (which SpringApplication implements with
 * {@link LazyInitializationBeanFactoryPostProcessor}) makes every bean lazy. A bean whose only job
 * is an {@code @IpsyncListener} method is injected nowhere, so it is never created, and its queue
 * is never consumed: the application starts "healthy" and silently handles nothing. Spring Boot
 * keeps {@code @Scheduled} beans eager for this reason (ScheduledBeanLazyInitializationExcludeFilter).
 */
class IpsyncListenerLazyInitializationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    static final List<String> HANDLED = new CopyOnWriteArrayList<>();

    static class OrderWorker {

        @IpsyncListener(value = "orders", id = "lazy-app-worker")
        void onOrder(String order) {
            HANDLED.add(order);
        }
    }

    static class Unused {
    }

    @Configuration(proxyBeanMethods = false)
    static class WorkerConfiguration {

        @Bean
        OrderWorker orderWorker() {
            return new OrderWorker();
        }

        @Bean
        Unused unused() {
            return new Unused();
        }
    }

    @Test
    void listenerOfAnOtherwiseUnusedBeanRunsUnderGlobalLazyInitialization() {
        HANDLED.clear();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(WorkerConfiguration.class)
                .withInitializer(context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("orders", JsonDataQueue.class).put("A-1");

                    await().atMost(PATIENCE).untilAsserted(() -> assertThat(HANDLED).containsExactly("\"A-1\""));
                    assertThat(context.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainerIds())
                            .contains("lazy-app-worker");
                    assertThat(context.getBeanFactory().containsSingleton("unused"))
                            .as("a bean without listener methods stays lazy").isFalse();
                });
    }
}
