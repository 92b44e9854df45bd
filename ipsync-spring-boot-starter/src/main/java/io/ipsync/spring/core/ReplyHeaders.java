package io.ipsync.spring.core;

/**
 * The headers with which a request carries its reply address, and a reply its correlation
 * ({@link IpsyncOperations#sendAndReceive}); set by ipsync, read by listeners' replies. A producer
 * of another language asks for a reply by setting {@link #REPLY_TO} (and {@link #CORRELATION_ID}
 * to match the reply), and reads it from that queue.
 */
public final class ReplyHeaders {

    /**
     * The name of a configured queue (an entry under {@code ipsync.queues}) that the reply goes
     * to; a listener accepts only the name of a queue configured in its own application.
     */
    public static final String REPLY_TO = "ipsync-reply-to";

    /**
     * The requesting instance: with it, the reply goes to that instance's own queue beside the
     * {@link #REPLY_TO} queue, which only that instance takes from.
     */
    public static final String REPLY_INSTANCE = "ipsync-reply-instance";

    /** Copied from a request to its reply, so the requester tells which request it answers. */
    public static final String CORRELATION_ID = "ipsync-correlation-id";

    private ReplyHeaders() {
    }
}
