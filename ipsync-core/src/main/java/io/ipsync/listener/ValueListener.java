package io.ipsync.listener;

import io.ipsync.JsonPayload;

/** Called with each new value of an {@link io.ipsync.JsonDataEvent} that the listener notices. */
@FunctionalInterface
public interface ValueListener {

    void onValue(JsonPayload value) throws Exception;
}
