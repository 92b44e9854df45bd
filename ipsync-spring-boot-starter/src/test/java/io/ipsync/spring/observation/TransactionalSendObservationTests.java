package io.ipsync.spring.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.core.IpsyncTemplate;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A send that waits for its transaction is observed until it is made: the observation starts at
 * the call, in the caller's scope, and stops once the message is stored after the commit; a send
 * dropped by a rollback stops it without an error, and its future stays cancelled.
 */
class TransactionalSendObservationTests {

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    /** Transactions that hold nothing: begin, commit and rollback only drive the synchronizations. */
    static class NoResourceTransactionManager extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }
    }

    private final TransactionTemplate transactions = new TransactionTemplate(new NoResourceTransactionManager());

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(Registry.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.template.transactional-sends=true", "ipsync.template.observation-enabled=true");
    }

    @Test
    void theObservationOfASendThatWaitsForTheCommitStopsWhenItIsMade() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            AtomicReference<CompletableFuture<String>> send = new AtomicReference<>();

            transactions.executeWithoutResult(status -> {
                send.set(template.send("orders", new Order("o-1")));
                assertThat(registry).hasObservationWithNameEqualTo("ipsync.template").that().hasBeenStarted().isNotStopped();
            });

            assertThat(send.get()).isCompletedWithValueMatching(id -> id.startsWith("q_"));
            assertThat(registry).hasObservationWithNameEqualTo("ipsync.template").that().hasBeenStopped().doesNotHaveError();
            assertThat(registry).as("the put after the commit is not observed again by the queue's bean")
                    .hasNumberOfObservationsWithNameEqualTo("ipsync.template", 1);
        });
    }

    @Test
    void aSendDroppedByARollbackStopsItsObservationWithoutAnError() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            AtomicReference<CompletableFuture<String>> send = new AtomicReference<>();

            transactions.executeWithoutResult(status -> {
                send.set(template.send("orders", new Order("o-1")));
                status.setRollbackOnly();
            });

            assertThat(send.get()).isCancelled();
            assertThat(registry).hasObservationWithNameEqualTo("ipsync.template").that().hasBeenStopped().doesNotHaveError();
        });
    }
}
