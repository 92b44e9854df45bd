package io.ipsync.spring.actuate;

import io.ipsync.MessageMetadata;
import io.ipsync.QueueObserver;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts what happens to queue messages in Micrometer, tagged with the queue's channel name:
 * {@code ipsync.messages.sent}, {@code .received}, {@code .failed}, {@code .dead.lettered}
 * (counters) and {@code ipsync.messages.handling} (a timer from receipt to acknowledgement).
 *
 * <p>Each meter is registered on its first use and kept, so that a message costs no registry
 * look-up; a meter that never fires (say, dead letters of a healthy queue) is never registered.
 */
public class MicrometerQueueObserver implements QueueObserver {

    static final String TAG = "queue";

    private final MeterRegistry registry;

    private final Map<String, String> namesByLocation;

    private final Map<String, Counter> sent = new ConcurrentHashMap<>();

    private final Map<String, Counter> received = new ConcurrentHashMap<>();

    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    private final Map<String, Timer> handling = new ConcurrentHashMap<>();

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

    private Counter counter(Map<String, Counter> kept, String meter, String description, String location) {
        return kept.computeIfAbsent(location,
                queue -> Counter.builder(meter).description(description).tag(TAG, name(queue)).register(registry));
    }

    /** The channel's name for a queue location; the location itself for a queue not configured. */
    String name(String location) {
        return namesByLocation.getOrDefault(location, location);
    }
}
