package io.ipsync.spring.test;

import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Watches one data event for a test: a listener of its own, which sees the values published after
 * the watch began (by this process or another), so that a test opens it, then does what should
 * make the application publish, then {@linkplain #awaitValue(Class, Predicate, Duration) waits}
 * for the value. Latest value wins, as for every listener of a {@link JsonDataEvent}: a value
 * replaced before the watch looked is not seen.
 *
 * <pre>{@code
 * try (DataEventWatch settings = ipsync.watchDataEvent("settings")) {
 *     mvc.perform(post("/settings").content("{\"currency\":\"CHF\"}"));
 *     assertThat(settings.awaitValue(ShopSettings.class, Duration.ofSeconds(5)).currency()).isEqualTo("CHF");
 * }
 * }</pre>
 *
 * Get one from {@link IpsyncTestHarness#watchDataEvent(String)}; close it when done (the harness
 * closes those left open when the context closes). Thread-safe.
 */
public final class DataEventWatch implements AutoCloseable {

    private final String name;

    private final JsonDataEvent event;

    private final Consumer<AutoCloseable> onClose;

    DataEventWatch(String name, JsonDataEvent event, Consumer<AutoCloseable> onClose) {
        this.name = name;
        this.event = event;
        this.onClose = onClose;
    }

    /**
     * Waits for the next value published, read as {@code type} ({@code null} for a null value).
     *
     * @throws AssertionError when none is published within the timeout
     */
    public <T> T awaitValue(Class<T> type, Duration timeout) {
        return awaitValue(type, value -> true, timeout);
    }

    /**
     * Waits for a value published that satisfies {@code condition}, read as {@code type}; values
     * that do not are passed over.
     *
     * @throws AssertionError when none is published within the timeout, listing those passed over
     * @throws io.ipsync.MessageConversionException when a value does not fit the type
     */
    public <T> T awaitValue(Class<T> type, Predicate<? super T> condition, Duration timeout) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> passedOver = new ArrayList<>();
        while (true) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            Optional<JsonPayload> published;
            try {
                published = event.await(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a value of the data event '" + name + "'", e);
            }
            if (published.isEmpty()) {
                throw new AssertionError("No value " + (passedOver.isEmpty() ? "" : "matching the condition ")
                        + "was published on the data event '" + name + "' (" + event.location() + ") within " + timeout
                        + (passedOver.isEmpty() ? "" : "; values passed over: " + passedOver));
            }
            T value = published.get().as(type);
            if (condition.test(value)) {
                return value;
            }
            passedOver.add(value);
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
        return "DataEventWatch[" + name + " at " + event.location() + "]";
    }
}
