package io.ipsync.spring.test;

import io.ipsync.Event;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Watches one event for a test: a listener of its own, which sees each signal made after the
 * watch began (by this process or another), so that a test opens it, then does what should make
 * the application signal, then {@linkplain #awaitSignal(Duration) waits}. Signals made while
 * nobody waited coalesce into one, as for every listener of an {@link Event}.
 *
 * <pre>{@code
 * try (EventWatch reload = ipsync.watchEvent("reload")) {
 *     mvc.perform(post("/reload"));
 *     reload.awaitSignal(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * Get one from {@link IpsyncTestHarness#watchEvent(String)}; close it when done (the harness
 * closes those left open when the context closes). Thread-safe.
 */
public final class EventWatch implements AutoCloseable {

    private final String name;

    private final Event event;

    private final Consumer<AutoCloseable> onClose;

    EventWatch(String name, Event event, Consumer<AutoCloseable> onClose) {
        this.name = name;
        this.event = event;
        this.onClose = onClose;
    }

    /**
     * Waits until the event is signalled: a signal made after the watch began, or after the signal
     * the previous wait saw.
     *
     * @throws AssertionError when no signal comes within the timeout
     */
    public void awaitSignal(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        boolean signalled;
        try {
            signalled = event.await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the event '" + name + "'", e);
        }
        if (!signalled) {
            throw new AssertionError("The event '" + name + "' (" + event.location() + ") was not signalled within "
                    + timeout + " (signals count from when the watch began, or from the one the last wait saw)");
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        event.close();
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "EventWatch[" + name + " at " + event.location() + "]";
    }
}
