package io.ipsync.spring.listener;

/**
 * The names under which a listener method's spring-messaging {@code Message} carries what ipsync
 * knows of a received queue message besides its own headers, which it carries under their names:
 * read them with {@code @Header(IpsyncHeaders.METADATA)}, or take a {@link io.ipsync.MessageMetadata}
 * or {@link io.ipsync.ReceivedMessage} parameter, which ipsync fills from them.
 */
public final class IpsyncHeaders {

    /** The {@link io.ipsync.MessageMetadata} of the message (queue name, id, producer, attempt, headers). */
    public static final String METADATA = "ipsync_metadata";

    /** The {@link io.ipsync.ReceivedMessage} itself, to settle it by hand. */
    public static final String RECEIVED_MESSAGE = "ipsync_receivedMessage";

    /** The {@code List<ReceivedMessage>} of a batch listener's call, to settle some by hand. */
    public static final String RECEIVED_MESSAGES = "ipsync_receivedMessages";

    /** The listener's channel name (its entry under {@code ipsync.*}). */
    public static final String CHANNEL = "ipsync_channel";

    private IpsyncHeaders() {
    }
}
