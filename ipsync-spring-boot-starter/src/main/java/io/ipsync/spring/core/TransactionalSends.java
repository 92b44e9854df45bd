package io.ipsync.spring.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds a send back until the Spring transaction of the calling thread completes: made after a
 * commit, dropped (its future cancelled) otherwise. The only class of the template that needs
 * spring-tx; loaded only where transactional sends are on.
 *
 * <p>The send is made in {@code afterCompletion}, not {@code afterCommit}: a synchronization
 * registered while others run their {@code afterCommit} (a listener of the commit sending
 * something) is not called back for {@code afterCommit}, but is for {@code afterCompletion}. Once
 * Spring runs the {@code afterCompletion} callbacks the synchronization is no longer active, so
 * what they send goes at once.
 */
final class TransactionalSends {

    private static final Logger log = LoggerFactory.getLogger(TransactionalSends.class);

    private TransactionalSends() {
    }

    /** Whether the calling thread is in a transaction whose completion a send can wait for. */
    static boolean isActive() {
        return TransactionSynchronizationManager.isSynchronizationActive();
    }

    /** The send, made once the transaction has committed; the future is cancelled when it does not commit. */
    static <T> CompletableFuture<T> afterCommit(String description, Supplier<T> send) {
        CompletableFuture<T> result = new CompletableFuture<>();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    try {
                        result.complete(send.get());
                    } catch (RuntimeException e) {
                        log.error("Could not {} after its transaction committed; it is not sent", description, e);
                        result.completeExceptionally(e);
                    }
                } else {
                    if (status == STATUS_UNKNOWN) {
                        log.warn("Not going to {}: the outcome of its transaction is unknown", description);
                    } else {
                        log.debug("Not going to {}: its transaction rolled back", description);
                    }
                    result.cancel(false);
                }
            }
        });
        return result;
    }
}
