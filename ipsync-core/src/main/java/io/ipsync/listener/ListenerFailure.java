package io.ipsync.listener;

import io.ipsync.MessageMetadata;
import io.ipsync.Settlement;

/**
 * One failure seen by a listener container: a handler that threw, or a channel that could not be
 * read.
 *
 * @param containerId the container's id
 * @param channel the channel's location
 * @param error what went wrong
 * @param message the queue message involved, or {@code null} (events, data events, read failures)
 * @param settlement what became of that message (retry scheduled, dead-lettered), or {@code null}
 */
public record ListenerFailure(
        String containerId, String channel, Throwable error, MessageMetadata message, Settlement settlement) {
}
