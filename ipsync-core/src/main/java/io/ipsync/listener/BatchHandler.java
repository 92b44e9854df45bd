package io.ipsync.listener;

import io.ipsync.ReceivedMessage;
import java.util.List;

/**
 * Handles the messages of a queue a batch at a time ({@link ListenerContainers#forQueueBatches}).
 * Returning normally means "all handled": every message not settled by the handler is
 * acknowledged. Throwing {@link BatchFailedException} fails one element: those before it are
 * acknowledged, it is retried or dead-lettered as a single message would be, and those after it
 * are given back unhandled (due again at once, the attempt not counted). Throwing anything else
 * fails the whole batch: each message not settled is retried or dead-lettered as a single message
 * would be. A handler may settle messages itself; those are left as they are.
 */
@FunctionalInterface
public interface BatchHandler {

    /** @param messages one to the container's maximum batch size, in the order they were taken; unmodifiable */
    void handle(List<ReceivedMessage> messages) throws Exception;
}
