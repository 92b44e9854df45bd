package io.ipsync.spring.actuate;

import io.ipsync.MessageMetadata;
import io.ipsync.QueueObserver;
import io.ipsync.Settlement;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.observation.EventMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts what happens to queue messages in Micrometer, tagged with the queue's channel name:
 * {@code ipsync.messages.sent}, {@code .received}, {@code .failed}, {@code .dead.lettered}
 * (counters) and {@code ipsync.messages.handling} (a timer from receipt to acknowledgement), and
 * {@code ipsync.messages.handled}, a timer of each handling by a listener container, from taking
 * the message to settling it, tagged also {@code listener} (the container's id) and
 * {@code outcome} ({@code acknowledged}, {@code retry-scheduled}, {@code dead-lettered},
 * {@code released}, or {@code pending} when the settlement could not be stored yet).
 *
 * <p>Counts signals and values too ({@link EventMetrics}): {@code ipsync.signals.sent} (tagged
 * {@code event}) and {@code ipsync.values.published} (tagged {@code data.event}) for what the
 * template sends, {@code ipsync.signals.received} and {@code ipsync.values.received} for each call
 * of a listener, tagged also {@code listener} and {@code outcome} ({@code success} or
 * {@code failure}).
 *
 * <p>Each meter is registered on its first use and kept, so that a message costs no registry
 * look-up; a meter that never fires (say, dead letters of a healthy queue) is never registered.
 */
public class MicrometerQueueObserver implements QueueObserver, EventMetrics {

    static final String TAG = "queue";

    private static final String LISTENER_TAG = "listener";

    private static final String OUTCOME_TAG = "outcome";

    private final MeterRegistry registry;

    private final Map<String, String> namesByLocation;

    private final Map<String, Counter> sent = new ConcurrentHashMap<>();

    private final Map<String, Counter> received = new ConcurrentHashMap<>();

    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    private final Map<String, Timer> handling = new ConcurrentHashMap<>();

    /** Meters with more than one tag, by their name and tag values. */
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();

    private final Map<MeterKey, Timer> handled = new ConcurrentHashMap<>();

    private record MeterKey(String meter, String channel, String listener, String outcome) {
    }

    /**
     * @param registry where the meters go
     * @param channels the configured channels, tagged by their names
     * @param locations where each channel's core object says it is ({@code JsonDataQueue.location()})
     */
    public MicrometerQueueObserver(MeterRegistry registry, IpsyncChannels channels,
            Function<ChannelDefinition, String> locations) {
        this.registry = registry;
        this.namesByLocation = channels.all().stream()
                .collect(Collectors.toMap(locations, ChannelDefinition::name, (a, b) -> a));
    }

    @Override
    public void sent(String queue, int count) {
        counter(sent, "ipsync.messages.sent", "Messages put on the queue", queue).increment(count);
    }

    @Override
    public void received(MessageMetadata message) {
        counter(received, "ipsync.messages.received", "Messages taken by a consumer", message.queue()).increment();
    }

    @Override
    public void acknowledged(MessageMetadata message, Duration handlingTime) {
        handling.computeIfAbsent(message.queue(), location -> Timer.builder("ipsync.messages.handling")
                .description("Time from receiving a message to acknowledging it")
                .tag(TAG, name(location))
                .register(registry))
                .record(handlingTime);
    }

    @Override
    public void failed(MessageMetadata message, Throwable cause) {
        counter(failed, "ipsync.messages.failed", "Messages whose handling failed", message.queue()).increment();
    }

    @Override
    public void deadLettered(String queue, String name, String reason) {
        counter(deadLettered, "ipsync.messages.dead.lettered", "Messages set aside as dead letters", queue).increment();
    }

    @Override
    public void handled(String listenerId, MessageMetadata message, Settlement settlement, Throwable failure,
            Duration handlingTime) {
        String outcome = settlement.name().toLowerCase(Locale.ROOT).replace('_', '-');
        handled.computeIfAbsent(new MeterKey("ipsync.messages.handled", message.queue(), listenerId, outcome),
                key -> Timer.builder(key.meter())
                        .description("Time a listener container took to handle and settle a message")
                        .tags(TAG, name(key.channel()), LISTENER_TAG, key.listener(), OUTCOME_TAG, key.outcome())
                        .register(registry))
                .record(handlingTime);
    }

    @Override
    public void signalSent(String event) {
        counter(new MeterKey("ipsync.signals.sent", event, null, null), "event", "Signals sent through the template").increment();
    }

    @Override
    public void valuePublished(String dataEvent) {
        counter(new MeterKey("ipsync.values.published", dataEvent, null, null), "data.event",
                "Data-event values published through the template").increment();
    }

    @Override
    public void signalReceived(String event, String listenerId, Throwable failure) {
        counter(new MeterKey("ipsync.signals.received", event, listenerId, failure == null ? "success" : "failure"), "event",
                "Calls of event listeners").increment();
    }

    @Override
    public void valueReceived(String dataEvent, String listenerId, Throwable failure) {
        counter(new MeterKey("ipsync.values.received", dataEvent, listenerId, failure == null ? "success" : "failure"),
                "data.event", "Calls of data-event listeners with a value").increment();
    }

    /** A counter tagged with the channel's name under {@code channelTag}, and the listener and outcome where the key has them. */
    private Counter counter(MeterKey key, String channelTag, String description) {
        return counters.computeIfAbsent(key, meter -> {
            Counter.Builder builder = Counter.builder(meter.meter()).description(description).tag(channelTag, meter.channel());
            if (meter.listener() != null) {
                builder.tags(LISTENER_TAG, meter.listener(), OUTCOME_TAG, meter.outcome());
            }
            return builder.register(registry);
        });
    }

    private Counter counter(Map<String, Counter> kept, String meter, String description, String location) {
        return kept.computeIfAbsent(location,
                queue -> Counter.builder(meter).description(description).tag(TAG, name(queue)).register(registry));
    }

    /** The channel's name for a queue location; the location itself for a queue not configured. */
    String name(String location) {
        return namesByLocation.getOrDefault(location, location);
    }
}
