package io.ipsync.listener;

import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import java.time.Duration;

/** Takes new values of a data event. A value taken while stopping is dropped: the file still holds it. */
final class DataEventSource implements MessageSource<JsonPayload> {

    private final JsonDataEvent event;

    DataEventSource(JsonDataEvent event) {
        this.event = event;
    }

    @Override
    public String location() {
        return event.location();
    }

    @Override
    public JsonPayload poll(Duration timeout) throws InterruptedException {
        return event.await(timeout).orElse(null);
    }

    @Override
    public void giveBack(JsonPayload value) {
        // the value stays in the file, readable by the next listener
    }

    @Override
    public void wakeUp() {
        event.cancelWait();
    }
}
