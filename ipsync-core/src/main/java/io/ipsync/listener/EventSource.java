package io.ipsync.listener;

import io.ipsync.Event;
import java.time.Duration;

/** Takes wake-ups of an event. A wake-up taken while stopping is dropped: the event is auto-reset. */
final class EventSource implements MessageSource<Boolean> {

    private final Event event;

    EventSource(Event event) {
        this.event = event;
    }

    @Override
    public String location() {
        return event.location();
    }

    @Override
    public Boolean poll(Duration timeout) throws InterruptedException {
        return event.await(timeout) ? Boolean.TRUE : null;
    }

    @Override
    public void giveBack(Boolean signal) {
        // a signal is not a message: there is nothing to give back
    }

    @Override
    public void wakeUp() {
        event.cancelWait();
    }
}
