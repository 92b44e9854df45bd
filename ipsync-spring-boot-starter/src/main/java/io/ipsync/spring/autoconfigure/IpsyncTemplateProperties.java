package io.ipsync.spring.autoconfigure;

/**
 * Settings of the auto-configured {@link io.ipsync.spring.core.IpsyncTemplate}
 * ({@code ipsync.template.*}).
 */
public class IpsyncTemplateProperties {

    /**
     * Queue that sends naming no queue go to (sendDefault, and send of a Message without a
     * queue): an entry under 'ipsync.queues'. When not set, such sends fail.
     */
    private String defaultQueue;

    /**
     * Whether sends, signals and publications made inside a Spring transaction wait for its commit
     * and are dropped on rollback (needs spring-tx). A message is then not part of the
     * transaction: one whose transaction committed can still be lost if the process dies before
     * it is stored, or if storing it fails (logged, and its future fails). Outside a transaction,
     * and when off, they happen at once.
     */
    private boolean transactionalSends = false;

    /**
     * Whether each send, by the template or a put on a queue's bean, is a Micrometer observation
     * ('ipsync.template' timer and span, with a tracer the trace context in the queue message's
     * headers). Needs an ObservationRegistry bean
     * (Spring Boot's, with Actuator or Micrometer Tracing).
     */
    private boolean observationEnabled = false;

    public String getDefaultQueue() {
        return defaultQueue;
    }

    public void setDefaultQueue(String defaultQueue) {
        this.defaultQueue = defaultQueue;
    }

    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    public boolean isTransactionalSends() {
        return transactionalSends;
    }

    public void setTransactionalSends(boolean transactionalSends) {
        this.transactionalSends = transactionalSends;
    }

    /**
     * Queue under whose configuration each instance gets a reply queue of its own for
     * sendAndReceive (an entry under 'ipsync.queues'; the instance's queue is beside it, named
     * after it and the instance, and deleted when the application stops). When not set,
     * sendAndReceive fails.
     */
    private String replyQueue;

    public String getReplyQueue() {
        return replyQueue;
    }

    public void setReplyQueue(String replyQueue) {
        this.replyQueue = replyQueue;
    }
}
