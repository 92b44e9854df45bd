package io.ipsync.spring.core;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The reply queue of one requesting instance, beside a configured reply queue and configured as
 * it is: on files the directory {@code <queue directory>-<instance>}, on a server the key
 * {@code <key>-<instance>}. Requester and replier derive it the same way from their own
 * configuration of the reply queue, so a replier never writes where its configuration does not
 * point.
 */
final class InstanceReplyQueue {

    /** What an instance id may be: it becomes part of a directory name or a key. */
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9]{1,32}");

    private InstanceReplyQueue() {
    }

    static boolean isInstanceId(String instance) {
        return instance != null && INSTANCE.matcher(instance).matches();
    }

    static ChannelDefinition of(ChannelDefinition replies, String instance) {
        if (replies.kind() != ChannelKind.QUEUE || !isInstanceId(instance)) {
            throw new IllegalArgumentException("No instance reply queue of " + replies.describe() + " for '" + instance + "'");
        }
        Path path = replies.path() == null ? null : replies.path().resolveSibling(replies.path().getFileName() + "-" + instance);
        return new ChannelDefinition(replies.name() + "-" + instance, replies.kind(), replies.transport(), path,
                replies.key() + "-" + instance, true, false, 1, replies.maxAttempts(), replies.backOff(),
                replies.reclaimInterval(), replies.maxMessageSize(), replies.fileSettings(), replies.notRetryable());
    }
}
