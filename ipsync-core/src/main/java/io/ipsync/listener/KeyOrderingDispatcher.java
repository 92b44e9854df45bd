package io.ipsync.listener;

import io.ipsync.ReceivedMessage;
import java.util.function.BooleanSupplier;

/**
 * Handles a message, then, where it has an ordering key, the messages of that key that came to
 * wait behind it meanwhile, one by one on the same thread ({@link KeyLanes}). When the container
 * stops or pauses, those still waiting are given back, unhandled, in their order.
 */
final class KeyOrderingDispatcher implements Dispatcher<ReceivedMessage> {

    private final Dispatcher<ReceivedMessage> dispatcher;

    private final KeyLanes lanes;

    private final MessageSource<ReceivedMessage> source;

    private final BooleanSupplier accepting;

    /**
     * @param accepting whether the container takes work (running, not paused): asked before each
     *     waiting message
     */
    KeyOrderingDispatcher(Dispatcher<ReceivedMessage> dispatcher, KeyLanes lanes, MessageSource<ReceivedMessage> source,
            BooleanSupplier accepting) {
        this.dispatcher = dispatcher;
        this.lanes = lanes;
        this.source = source;
        this.accepting = accepting;
    }

    @Override
    public void dispatch(ReceivedMessage message) {
        String key = message.metadata().orderingKey();
        if (key == null) {
            dispatcher.dispatch(message);
            return;
        }
        boolean laneDone = false;
        try {
            dispatcher.dispatch(message);
            for (ReceivedMessage next = nextOf(key); next != null; next = nextOf(key)) {
                dispatcher.dispatch(next);
            }
            laneDone = true;
        } finally {
            if (!laneDone) { // an Error escaped: nothing of this key may stay stranded behind it
                lanes.free(key).forEach(source::giveBack);
            }
        }
    }

    private ReceivedMessage nextOf(String key) {
        if (!accepting.getAsBoolean()) {
            lanes.free(key).forEach(source::giveBack);
            return null;
        }
        return lanes.next(key);
    }
}
