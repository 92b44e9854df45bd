package io.ipsync.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code ipsync.template.transactional-sends}: inside a Spring transaction a send waits for the
 * commit and is dropped on rollback; outside one, or with the setting off, it goes at once. The
 * transactions are those of a minimal transaction manager with no resource of its own: what is
 * tested is the synchronization with its commit and rollback.
 */
class IpsyncTemplateTransactionTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

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

    private final TransactionTemplate transactions = new TransactionTemplate(new NoResourceTransactionManager());

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.template.transactional-sends=true");
    }

    @Test
    void aSendInATransactionIsPutWhenItCommitsAndNotBefore() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            assertThat(template.isTransactionalSends()).isTrue();
            List<CompletableFuture<String>> sends = new ArrayList<>();

            transactions.executeWithoutResult(status -> {
                sends.add(template.send("orders", new Order("o-1")));
                sends.add(template.send("orders", new Order("o-2")));
                assertThat(orders.size()).as("nothing is put before the commit").isZero();
                assertThat(sends).noneMatch(CompletableFuture::isDone);
            });

            assertThat(sends).allMatch(send -> send.isDone() && !send.isCompletedExceptionally());
            assertThat(orders.size()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                try (ReceivedMessage message = orders.receive(PATIENCE).orElseThrow()) {
                    assertThat(message.metadata().name()).as("put in the order sent").isEqualTo(sends.get(i).join());
                    assertThat(message.payload().as(Order.class)).isEqualTo(new Order("o-" + (i + 1)));
                    message.acknowledge();
                }
            }
        });
    }

    @Test
    void aSendInATransactionThatRollsBackIsNeverPut() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
            List<CompletableFuture<String>> sends = new ArrayList<>();

            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                sends.add(template.send("orders", new Order("o-1")));
                throw new IllegalStateException("payment declined");
            })).hasMessage("payment declined");
            transactions.executeWithoutResult(status -> {
                sends.add(template.send("orders", new Order("o-2")));
                status.setRollbackOnly();
            });

            assertThat(sends).allMatch(CompletableFuture::isCancelled);
            assertThat(orders.size()).isZero();
            assertThat(orders.receive(Duration.ofMillis(300))).isEmpty();
        });
    }

    @Test
    void aSendOutsideATransactionGoesAtOnce() {
        runner().run(context -> {
            CompletableFuture<String> send = context.getBean(IpsyncTemplate.class).send("orders", new Order("o-1"));

            assertThat(send).isCompleted();
            assertThat(context.getBean("orders", JsonDataQueue.class).size()).isOne();
        });
    }

    @Test
    void withTransactionalSendsOffASendInATransactionGoesAtOnce() {
        runner().withPropertyValues("ipsync.template.transactional-sends=false").run(context -> {
            JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);

            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                context.getBean(IpsyncTemplate.class).send("orders", new Order("o-1"));
                assertThat(orders.size()).isOne();
                throw new IllegalStateException("rolled back");
            })).hasMessage("rolled back");

            assertThat(orders.size()).as("sent before the rollback").isOne();
        });
    }

    @Test
    void whatIsSentFromAnotherSynchronizationsAfterCommitIsPutToo() {
        runner().run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            List<CompletableFuture<String>> sends = new ArrayList<>();

            transactions.executeWithoutResult(status -> TransactionSynchronizationManager.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            sends.add(template.send("orders", new Order("o-after-commit")));
                        }
                    }));

            assertThat(sends).singleElement().satisfies(send -> assertThat(send).isCompleted());
            assertThat(context.getBean("orders", JsonDataQueue.class).size()).isOne();
        });
    }

    @Test
    void aSignalInATransactionThatRollsBackIsDropped() {
        runner().withPropertyValues("ipsync.events.reload=reload.event").run(context -> {
            IpsyncTemplate template = context.getBean(IpsyncTemplate.class);
            List<CompletableFuture<Void>> signals = new ArrayList<>();

            transactions.executeWithoutResult(status -> {
                signals.add(template.signal("reload"));
                status.setRollbackOnly();
            });

            assertThat(signals).singleElement().satisfies(signal -> assertThat(signal).isCancelled());
            assertThat(baseDir.resolve("reload.event")).as("never signalled").doesNotExist();
        });
    }

    @Test
    void transactionalSendsWithoutSpringTxFailStartupNamingTheProperty() {
        runner().withClassLoader(new FilteredClassLoader("org.springframework.transaction")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("ipsync.template.transactional-sends")
                    .hasMessageContaining("spring-tx");
        });
    }
}
