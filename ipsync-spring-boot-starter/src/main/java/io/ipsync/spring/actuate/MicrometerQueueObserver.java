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
import java.util.stream.Collectors;

/**
 * Counts what happens to queue messages in Micrometer, tagged with the queue's channel name:
 * {@code ipsync.messages.sent}, {@code .received}, {@code .failed}, {@code .dead.lettered}
 * (counters) and {@code ipsync.messages.handling} (a timer from receipt to acknowledgement).
 *
 * <p>Each queue's meters are registered on its first event and kept, so that a message costs no
 * registry look-up.
 */
public class MicrometerQueueObserver implements QueueObserver {

    static final String TAG = "queue";

    private final MeterRegistry registry;

    private final Map<String, String> namesByLocation;

    private final Map<String, QueueMeters> metersByLocation = new ConcurrentHashMap<>();

    public MicrometerQueueObserver(MeterRegistry registry, IpsyncChannels channels) {
        this.registry = registry;
        this.namesByLocation = channels.all().stream()
                .collect(Collectors.toMap(channel -> channel.path().toString(), ChannelDefinition::name, (a, b) -> a));
    }

    @Override
    public void sent(String queue, int count) {
        meters(queue).sent().increment(count);
    }

    @Override
    public void received(MessageMetadata message) {
        meters(message.queue()).received().increment();
    }

    @Override
    public void acknowledged(MessageMetadata message, Duration handlingTime) {
        meters(message.queue()).handling().record(handlingTime);
    }

    @Override
    public void failed(MessageMetadata message, Throwable cause) {
        meters(message.queue()).failed().increment();
    }

    @Override
    public void deadLettered(String queue, String name, String reason) {
        meters(queue).deadLettered().increment();
    }

    private QueueMeters meters(String location) {
        return metersByLocation.computeIfAbsent(location, this::register);
    }

    private QueueMeters register(String location) {
        String name = name(location);
        return new QueueMeters(
                counter("ipsync.messages.sent", "Messages put on the queue", name),
                counter("ipsync.messages.received", "Messages taken by a consumer", name),
                counter("ipsync.messages.failed", "Messages whose handling failed", name),
                counter("ipsync.messages.dead.lettered", "Messages set aside as dead letters", name),
                Timer.builder("ipsync.messages.handling")
                        .description("Time from receiving a message to acknowledging it")
                        .tag(TAG, name)
                        .register(registry));
    }

    private Counter counter(String meter, String description, String queueName) {
        return Counter.builder(meter).description(description).tag(TAG, queueName).register(registry);
    }

    /** The channel's name for a queue location; the location itself for a queue not configured. */
    String name(String location) {
        return namesByLocation.getOrDefault(location, location);
    }

    /** One queue's meters. */
    private record QueueMeters(Counter sent, Counter received, Counter failed, Counter deadLettered, Timer handling) {
    }
}
