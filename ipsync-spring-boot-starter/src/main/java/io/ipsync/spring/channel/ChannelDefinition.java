package io.ipsync.spring.channel;

import io.ipsync.BackOff;
import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.FileSharing;
import io.ipsync.QueueObserver;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * One configured channel, with every option resolved (the entry's own value, else the
 * {@code ipsync.*} default). Options that do not apply to the channel's kind keep their defaults
 * and are ignored; so do the file settings of a channel on another transport.
 *
 * @param name the entry's name, which is also the channel bean's name
 * @param kind what the channel is
 * @param transport the id of the transport that keeps it ({@code file}, {@code redis})
 * @param path the absolute file (events) or directory (queues); required on files, ignored (and
 *     {@code null} where not configured) on other transports
 * @param key the channel's name on a server transport (the entry's name unless overridden)
 * @param autoStartup whether its listeners start with the context
 * @param fireOnInit whether event listeners fire at startup for an existing file
 * @param concurrency listener threads per queue listener
 * @param maxAttempts attempts per queue message
 * @param backOff delay between attempts
 * @param reclaimInterval how soon a dead consumer's messages come back
 * @param maxMessageSize the largest message or value read, in bytes
 * @param fileSettings the file transport's settings: poll interval, directories, fsync, sharing
 * @param notRetryable the exception types whose failures a queue never retries (see
 *     {@link QueueOptions#notRetryable()}); empty for events and data events
 * @param limits a queue's time to live and backlog bound; {@link QueueLimits#NONE} for events and data events
 * @param layout the queue layout asked for ({@code files}, {@code journal}), or {@code null} for
 *     the one the queue has (see {@link QueueOptions#layout()})
 */
public record ChannelDefinition(
        String name,
        ChannelKind kind,
        String transport,
        Path path,
        String key,
        boolean autoStartup,
        boolean fireOnInit,
        int concurrency,
        int maxAttempts,
        BackOff backOff,
        Duration reclaimInterval,
        long maxMessageSize,
        FileSettings fileSettings,
        Set<Class<? extends Throwable>> notRetryable,
        QueueLimits limits,
        String layout) {

    public ChannelDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(key, "key");
        if (path == null && transport.equals(ChannelAddress.FILE)) {
            throw new NullPointerException("path");
        }
        Objects.requireNonNull(fileSettings, "fileSettings");
        notRetryable = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(notRetryable, "notRetryable")));
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * A channel without a time to live or a backlog bound, in the layout it has (or its
     * transport's first, when new).
     */
    public ChannelDefinition(String name, ChannelKind kind, String transport, Path path, String key, boolean autoStartup,
            boolean fireOnInit, int concurrency, int maxAttempts, BackOff backOff, Duration reclaimInterval,
            long maxMessageSize, FileSettings fileSettings, Set<Class<? extends Throwable>> notRetryable) {
        this(name, kind, transport, path, key, autoStartup, fireOnInit, concurrency, maxAttempts, backOff, reclaimInterval,
                maxMessageSize, fileSettings, notRetryable, QueueLimits.NONE, null);
    }

    /** This channel, asking for a queue layout. */
    public ChannelDefinition withLayout(String layout) {
        return new ChannelDefinition(name, kind, transport, path, key, autoStartup, fireOnInit, concurrency, maxAttempts,
                backOff, reclaimInterval, maxMessageSize, fileSettings, notRetryable, limits, layout);
    }

    /** A channel whose failures are all retried, but for those that are never retried anywhere. */
    public ChannelDefinition(String name, ChannelKind kind, String transport, Path path, String key, boolean autoStartup,
            boolean fireOnInit, int concurrency, int maxAttempts, BackOff backOff, Duration reclaimInterval,
            long maxMessageSize, FileSettings fileSettings) {
        this(name, kind, transport, path, key, autoStartup, fireOnInit, concurrency, maxAttempts, backOff, reclaimInterval,
                maxMessageSize, fileSettings, Set.of());
    }

    /** A channel on files, named on servers after its entry. */
    public ChannelDefinition(String name, ChannelKind kind, Path path, Duration pollInterval, boolean autoStartup,
            boolean createDirectory, boolean fireOnInit, int concurrency, int maxAttempts, BackOff backOff,
            Path deadLetterDirectory, Duration reclaimInterval, long maxMessageSize, boolean syncWrites,
            FileSharing sharing) {
        this(name, kind, ChannelAddress.FILE, path, name, autoStartup, fireOnInit, concurrency, maxAttempts, backOff,
                reclaimInterval, maxMessageSize, FileSettings.builder()
                        .pollInterval(pollInterval)
                        .createDirectory(createDirectory)
                        .deadLetterDirectory(deadLetterDirectory)
                        .syncWrites(syncWrites)
                        .sharing(sharing)
                        .build());
    }

    /** A channel on files private to its user ({@link FileSharing#PRIVATE}), its writes not forced to the device. */
    public ChannelDefinition(String name, ChannelKind kind, Path path, Duration pollInterval, boolean autoStartup,
            boolean createDirectory, boolean fireOnInit, int concurrency, int maxAttempts, BackOff backOff,
            Path deadLetterDirectory, Duration reclaimInterval, long maxMessageSize) {
        this(name, kind, path, pollInterval, autoStartup, createDirectory, fireOnInit, concurrency, maxAttempts, backOff,
                deadLetterDirectory, reclaimInterval, maxMessageSize, false, FileSharing.PRIVATE);
    }

    /** How often a waiting listener re-checks a file channel without a notification. */
    public Duration pollInterval() {
        return fileSettings.pollInterval();
    }

    /** Whether a missing directory of a file channel is created. */
    public boolean createDirectory() {
        return fileSettings.createDirectory();
    }

    /** Where a file queue's dead letters go, or {@code null} for the queue's own folder. */
    public Path deadLetterDirectory() {
        return fileSettings.deadLetterDirectory();
    }

    /** Whether writes to a file channel are forced to the storage device before they return. */
    public boolean syncWrites() {
        return fileSettings.syncWrites();
    }

    /** Who may use what a file channel creates. */
    public FileSharing sharing() {
        return fileSettings.sharing();
    }

    /** Whether the file transport keeps this channel. */
    public boolean isOnFiles() {
        return transport.equals(ChannelAddress.FILE);
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
        return limits.applyTo(QueueOptions.builder())
                .maxAttempts(maxAttempts)
                .backOff(backOff)
                .reclaimInterval(reclaimInterval)
                .maxMessageSize(maxMessageSize)
                .notRetryable(notRetryable)
                .layout(layout)
                .jsonMapper(jsonMapper)
                .observer(observer)
                .build();
    }

    /** Where the channel is, for a sentence: its path on files, {@code transport:key} elsewhere. */
    public String where() {
        return isOnFiles() ? path.toString() : transport + ":" + key;
    }

    /** How the channel reads in a sentence: {@code queue 'orders' (/dev/shm/shop/orders)}. */
    public String describe() {
        return kind.description() + " '" + name + "' (" + where() + ")";
    }
}
