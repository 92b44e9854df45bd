package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.core.IpsyncOperations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @IpsyncListener(orderedByKey = "true")} with several threads on a real queue: the
 * messages the template sends with one key reach the method one after another in send order;
 * the attribute is refused where it cannot apply.
 */
class IpsyncListenerOrderedByKeyTests {

    @TempDir
    Path baseDir;

    record Step(String account, int n) {
    }

    static class Ledger {

        final Map<String, List<Integer>> steps = new ConcurrentHashMap<>();

        final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

        final AtomicInteger overlaps = new AtomicInteger();

        final AtomicInteger total = new AtomicInteger();

        @IpsyncListener(value = "steps", concurrency = "4", orderedByKey = "true")
        void onStep(Step step) {
            if (inProgress.computeIfAbsent(step.account(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            steps.computeIfAbsent(step.account(), k -> Collections.synchronizedList(new ArrayList<>())).add(step.n());
            inProgress.get(step.account()).decrementAndGet();
            total.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LedgerConfiguration {
        @Bean
        Ledger ledger() {
            return new Ledger();
        }
    }

    static class OrderedEvent {
        @IpsyncListener(value = "reload", orderedByKey = "true")
        void onReload() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedEventConfiguration {
        @Bean
        OrderedEvent orderedEvent() {
            return new OrderedEvent();
        }
    }

    private ApplicationContextRunner runner(Class<?> configuration) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(configuration)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.steps=steps",
                        "ipsync.events.reload=reload.event");
    }

    @Test
    void stepsSentWithOneKeyReachTheMethodInSendOrderWithFourThreads() {
        runner(LedgerConfiguration.class).run(context -> {
            IpsyncOperations template = context.getBean(IpsyncOperations.class);
            List<String> accounts = List.of("acme", "globex", "initech");
            for (int n = 0; n < 30; n++) {
                for (String account : accounts) {
                    template.sendOrdered("steps", account, new Step(account, n)).join();
                }
            }
            Ledger ledger = context.getBean(Ledger.class);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ledger.total).hasValue(90));
            assertThat(ledger.overlaps).hasValue(0);
            for (String account : accounts) {
                assertThat(ledger.steps.get(account)).as(account).hasSize(30).isSorted();
            }
        });
    }

    @Test
    void orderedByKeyOnAnEventListenerFailsStartupNamingTheAttribute() {
        runner(OrderedEventConfiguration.class).run(context -> assertThat(InvalidIpsyncListenerTests.failure(context))
                .hasMessageContaining("orderedByKey"));
    }
}
