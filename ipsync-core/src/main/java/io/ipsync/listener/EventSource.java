package io.ipsync.listener;

import io.ipsync.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes wake-ups of an event. A wake-up taken while the container pauses or stops is kept and
 * returned by the next poll: the {@link Event} has already counted the signal as seen, so
 * dropping it would lose it for this listener.
 */
final class EventSource implements MessageSource<Boolean> {

    private final Event event;

    /** A wake-up given back and not yet taken again. */
    private final AtomicBoolean givenBack = new AtomicBoolean();

    EventSource(Event event) {
        this.event = event;
    }

    @Override
    public String location() {
        return event.location();
    }

    @Override
    public Boolean poll(Duration timeout) throws InterruptedException {
        if (givenBack.getAndSet(false)) {
            return Boolean.TRUE;
        }
        return event.await(timeout) ? Boolean.TRUE : null;
    }

    @Override
    public void giveBack(Boolean signal) {
        givenBack.set(true);
    }

    @Override
    public void wakeUp() {
        event.cancelWait();
    }
}
