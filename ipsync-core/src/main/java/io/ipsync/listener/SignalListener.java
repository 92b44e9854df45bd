package io.ipsync.listener;

/** Called once per wake-up of an {@link io.ipsync.Event}. */
@FunctionalInterface
public interface SignalListener {

    void onSignal() throws Exception;
}
