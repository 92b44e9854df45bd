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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A context hierarchy (SpringApplicationBuilder.parent(...).child(...)) where both contexts use the
 * auto-configuration: the child's {@code @IpsyncListener} methods must run. The post-processor and
 * the registry are guarded by {@code @ConditionalOnMissingBean} with the default search strategy
 * (ALL), which finds the parent's, so the child gets neither; a parent's bean post-processor does
 * not process the child's beans, and the child's listeners are silently ignored. (Spring Boot
 * guards its own post-processors with {@code search = SearchStrategy.CURRENT} for this reason.)
 */
class IpsyncListenerChildContextTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    static final List<String> HANDLED = new CopyOnWriteArrayList<>();

    static class ChildWorker {

        @IpsyncListener(value = "orders", id = "child-worker")
        void onOrder(String order) {
            HANDLED.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ChildConfiguration {

        @Bean
        ChildWorker childWorker() {
            return new ChildWorker();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders");
    }

    @Test
    void listenerInAChildContextRunsWhenTheParentAlsoUsesIpsync() {
        HANDLED.clear();
        runner().run(parent -> {
            assertThat(parent).hasNotFailed();
            runner().withParent(parent).withUserConfiguration(ChildConfiguration.class).run(child -> {
                assertThat(child).hasNotFailed();
                assertThat(child.getBeanFactory().containsLocalBean(IpsyncListenerAnnotationBeanPostProcessor.BEAN_NAME))
                        .as("the child context has its own @IpsyncListener post-processor").isTrue();
                child.getBean("orders", JsonDataQueue.class).put("A-1");

                await().atMost(PATIENCE).untilAsserted(() -> assertThat(HANDLED).containsExactly("\"A-1\""));
                assertThat(child.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainerIds())
                        .as("the child's listener is in the child's own registry").containsExactly("child-worker");
                assertThat(parent.getBean(IpsyncListenerEndpointRegistry.class).getListenerContainerIds())
                        .as("and not in the parent's, which outlives the child").isEmpty();
            });
        });
    }
}
