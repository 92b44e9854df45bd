package io.ipsync.spring.channel;

import io.ipsync.BackOff;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.FileSharing;
import io.ipsync.QueueObserver;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * One configured channel, with every option resolved (the entry's own value, else the
 * {@code ipsync.*} default). Options that do not apply to the channel's kind keep their defaults
 * and are ignored.
 *
 * @param name the entry's name, which is also the channel bean's name
 * @param kind what the channel is
 * @param path the absolute file (events) or directory (queues)
 * @param pollInterval how often waiting listeners re-check without a notification
 * @param autoStartup whether its listeners start with the context
 * @param createDirectory whether a missing directory is created
 * @param fireOnInit whether event listeners fire at startup for an existing file
 * @param concurrency listener threads per queue listener
 * @param maxAttempts attempts per queue message
 * @param backOff delay between attempts
 * @param deadLetterDirectory where dead letters go, or {@code null} for the queue's own
 * @param reclaimInterval how often dead consumers' claims are looked for
 * @param maxMessageSize the largest message or value read, in bytes
 * @param syncWrites whether writes are forced to the storage device before they return
 * @param sharing who may use what the channel creates
 */
public record ChannelDefinition(
        String name,
        ChannelKind kind,
        Path path,
        Duration pollInterval,
        boolean autoStartup,
        boolean createDirectory,
        boolean fireOnInit,
        int concurrency,
        int maxAttempts,
        BackOff backOff,
        Path deadLetterDirectory,
        Duration reclaimInterval,
        long maxMessageSize,
        boolean syncWrites,
        FileSharing sharing) {

    public ChannelDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sharing, "sharing");
    }

    /** A channel private to its user ({@link FileSharing#PRIVATE}), its writes not forced to the device. */
    public ChannelDefinition(String name, ChannelKind kind, Path path, Duration pollInterval, boolean autoStartup,
            boolean createDirectory, boolean fireOnInit, int concurrency, int maxAttempts, BackOff backOff,
            Path deadLetterDirectory, Duration reclaimInterval, long maxMessageSize) {
        this(name, kind, path, pollInterval, autoStartup, createDirectory, fireOnInit, concurrency, maxAttempts, backOff,
                deadLetterDirectory, reclaimInterval, maxMessageSize, false, FileSharing.PRIVATE);
    }

    /** The options of an {@link io.ipsync.Event} opened on this channel. */
    public EventOptions eventOptions() {
        return EventOptions.builder().fireOnInit(fireOnInit).build();
    }

    /** The options of a {@link io.ipsync.JsonDataEvent} opened on this channel. */
    public DataEventOptions dataEventOptions(JsonMapper jsonMapper) {
        return DataEventOptions.builder()
                .fireOnInit(fireOnInit)
                .maxValueSize(maxMessageSize)
                .jsonMapper(jsonMapper)
                .build();
    }

    /** The options of a {@link io.ipsync.JsonDataQueue} opened on this channel. */
    public QueueOptions queueOptions(JsonMapper jsonMapper, QueueObserver observer) {
        return QueueOptions.builder()
                .maxAttempts(maxAttempts)
                .backOff(backOff)
                .reclaimInterval(reclaimInterval)
                .maxMessageSize(maxMessageSize)
                .jsonMapper(jsonMapper)
                .observer(observer)
                .build();
    }

    /** The file transport's settings of this channel. */
    public FileSettings fileSettings() {
        return FileSettings.builder()
                .pollInterval(pollInterval)
                .createDirectory(createDirectory)
                .syncWrites(syncWrites)
                .sharing(sharing)
                .deadLetterDirectory(deadLetterDirectory)
                .build();
    }

    /** How the channel reads in a sentence: {@code queue 'orders' (/dev/shm/shop/orders)}. */
    public String describe() {
        return kind.description() + " '" + name + "' (" + path + ")";
    }
}
