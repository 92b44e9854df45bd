package io.ipsync;

/**
 * Thrown by a put when the queue's backlog has reached its {@link QueueOptions#maxBacklog()
 * maximum} and no room came within the {@link QueueOptions#putTimeout() put timeout}. Nothing of
 * the put was stored: put again later, or slow down. The message names the queue and the limit.
 */
public class QueueFullException extends IpsyncException {

    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
