package io.ipsync.listener;

import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes new values of a data event. A value taken while the container pauses or stops is kept and
 * returned by the next poll, unless a newer value has come meanwhile (latest value wins): the
 * {@link JsonDataEvent} has already counted it as seen, so dropping it would lose it for this
 * listener.
 */
final class DataEventSource implements MessageSource<JsonPayload> {

    private final JsonDataEvent event;

    /** A value given back and not yet taken again. */
    private final AtomicReference<JsonPayload> givenBack = new AtomicReference<>();

    DataEventSource(JsonDataEvent event) {
        this.event = event;
    }

    @Override
    public String location() {
        return event.location();
    }

    @Override
    public JsonPayload poll(Duration timeout) throws InterruptedException {
        JsonPayload kept = givenBack.getAndSet(null);
        if (kept != null) {
            return event.await(Duration.ZERO).orElse(kept);
        }
        return event.await(timeout).orElse(null);
    }

    @Override
    public void giveBack(JsonPayload value) {
        givenBack.set(value);
    }

    @Override
    public void wakeUp() {
        event.cancelWait();
    }
}
