package io.ipsync.spring.autoconfigure;

import io.ipsync.FileSharing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for ipsync: the channels of the application, and the options that are
 * the defaults of every channel. Each channel entry may override the options that apply to its
 * kind under the same names.
 *
 * <pre>
 * ipsync:
 *   base-dir: /dev/shm/shop
 *   max-attempts: 5
 *   events:
 *     reload: reload.event
 *   data-events:
 *     settings: settings.json
 *   queues:
 *     orders: orders
 *     invoices:
 *       path: invoices
 *       concurrency: 4
 * </pre>
 */
// Unknown properties fail startup: a misspelled option or channel kind would otherwise be ignored in silence.
@ConfigurationProperties(prefix = "ipsync", ignoreUnknownFields = false)
public class IpsyncProperties {

    /**
     * Whether to enable ipsync's auto-configuration.
     */
    private boolean enabled = true;

    /**
     * Transport that keeps every channel whose entry names none: 'file' (files in a directory on
     * this host, shared with jk_interprocesssync) or 'redis' (streams on a Redis server, needs
     * io.ipsync:ipsync-redis and connects with the 'spring.data.redis.*' properties).
     */
    private String transport = "file";

    /**
     * Settings of channels kept by the Redis transport.
     */
    @NestedConfigurationProperty
    private IpsyncRedisProperties redis = new IpsyncRedisProperties();

    /**
     * Directory that relative channel paths resolve against. When not set, the working directory.
     */
    private Path baseDir;

    /**
     * How often a waiting listener re-checks its channel when no file-system notification arrives.
     */
    private Duration pollInterval = Duration.ofSeconds(1);

    /**
     * Whether listeners start with the application context.
     */
    private boolean autoStartup = true;

    /**
     * Whether a missing channel directory (a queue's directory, an event file's folder) is created.
     */
    private boolean createDirectory = true;

    /**
     * Whether every put, signal and published value is forced to the storage device (fsync of the
     * file before its rename and of the directory after it) before the call returns, so that it
     * survives a power loss on a journaling file system. Costs milliseconds per write on real
     * disks; pointless on tmpfs such as /dev/shm; no protection against a failing disk.
     */
    private boolean syncWrites = false;

    /**
     * Who may use the directories and files ipsync creates, and which existing directories it
     * accepts: 'private' (folders 0700, files 0600; a folder other users could write or replace is
     * refused) or 'group' (folders 2770, files 0660; for producers and consumers that run as
     * different users of the folder's group, who can all read, take and forge messages).
     */
    private FileSharing sharing = FileSharing.PRIVATE;

    /**
     * Whether an event or data-event listener fires once at startup for a file that already
     * exists, as with jk_interprocesssync's bFireOnInit.
     */
    private boolean fireOnInit = true;

    /**
     * Number of listener threads per queue listener.
     */
    private int concurrency = 1;

    /**
     * Number of attempts a queue message gets before it is dead-lettered.
     */
    private int maxAttempts = 3;

    /**
     * Delay between attempts of a failed queue message.
     */
    @NestedConfigurationProperty
    private Backoff backoff = new Backoff();

    /**
     * Fully qualified names of exception classes that are never retried on any queue: a listener
     * failure that is one of them (or a subclass), or is caused by one, is dead-lettered on its
     * first attempt. A queue's own 'not-retryable-exceptions' add to these. Conversion failures
     * and io.ipsync.NotRetryableException are never retried in any case.
     */
    private List<String> notRetryableExceptions = new ArrayList<>();

    /**
     * Directory that dead letters are moved to. When not set, '.ipsync/dead' inside each queue's
     * directory. Must be on the same file system as the queues.
     */
    private Path deadLetterDirectory;

    /**
     * How often consumers look for the claims of consumers that died: the bound on how long a dead
     * consumer's messages take to come back.
     */
    private Duration reclaimInterval = Duration.ofSeconds(2);

    /**
     * Largest queue message or data-event value that is read; larger ones are dead-lettered unread.
     */
    private DataSize maxMessageSize = DataSize.ofMegabytes(16);

    /**
     * How long stopping the listeners waits for handling in progress to finish before it interrupts
     * it (interrupted handlers get five seconds more). Keep it at least five seconds below
     * 'spring.lifecycle.timeout-per-shutdown-phase' (startup warns otherwise).
     */
    private Duration shutdownTimeout = Duration.ofSeconds(20);

    /**
     * Health indicator settings.
     */
    @NestedConfigurationProperty
    private Health health = new Health();

    /**
     * Settings of the IpsyncTemplate.
     */
    @NestedConfigurationProperty
    private IpsyncTemplateProperties template = new IpsyncTemplateProperties();

    /**
     * How long a reading of a queue's counters (waiting, in flight, retries, dead letters, oldest
     * age) is shared by the health indicator, the queue gauges and the 'ipsync' endpoint before it
     * is read again: each reading lists the queue's directory or asks its server. Zero reads on
     * every request.
     */
    private Duration statsCacheTtl = Duration.ofSeconds(1);

    /**
     * Events by bean name: each entry a file path, or a 'path' with options.
     */
    private Map<String, EventEntry> events = new LinkedHashMap<>();

    /**
     * Data events by bean name: each entry a file path, or a 'path' with options.
     */
    private Map<String, DataEventEntry> dataEvents = new LinkedHashMap<>();

    /**
     * Queues by bean name: each entry a directory path, or a 'path' with options.
     */
    private Map<String, QueueEntry> queues = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public List<String> getNotRetryableExceptions() {
        return notRetryableExceptions;
    }

    public void setNotRetryableExceptions(List<String> notRetryableExceptions) {
        this.notRetryableExceptions = notRetryableExceptions;
    }

    public IpsyncTemplateProperties getTemplate() {
        return template;
    }

    public void setTemplate(IpsyncTemplateProperties template) {
        this.template = template;
    }

    public IpsyncRedisProperties getRedis() {
        return redis;
    }

    public void setRedis(IpsyncRedisProperties redis) {
        this.redis = redis;
    }

    public Path getBaseDir() {
        return baseDir;
    }

    public void setBaseDir(Path baseDir) {
        this.baseDir = baseDir;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public boolean isAutoStartup() {
        return autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public boolean isCreateDirectory() {
        return createDirectory;
    }

    public void setCreateDirectory(boolean createDirectory) {
        this.createDirectory = createDirectory;
    }

    public boolean isSyncWrites() {
        return syncWrites;
    }

    public void setSyncWrites(boolean syncWrites) {
        this.syncWrites = syncWrites;
    }

    public FileSharing getSharing() {
        return sharing;
    }

    public void setSharing(FileSharing sharing) {
        this.sharing = sharing;
    }

    public boolean isFireOnInit() {
        return fireOnInit;
    }

    public void setFireOnInit(boolean fireOnInit) {
        this.fireOnInit = fireOnInit;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Backoff getBackoff() {
        return backoff;
    }

    public void setBackoff(Backoff backoff) {
        this.backoff = backoff;
    }

    public Path getDeadLetterDirectory() {
        return deadLetterDirectory;
    }

    public void setDeadLetterDirectory(Path deadLetterDirectory) {
        this.deadLetterDirectory = deadLetterDirectory;
    }

    public Duration getReclaimInterval() {
        return reclaimInterval;
    }

    public void setReclaimInterval(Duration reclaimInterval) {
        this.reclaimInterval = reclaimInterval;
    }

    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Health getHealth() {
        return health;
    }

    public void setHealth(Health health) {
        this.health = health;
    }

    public Duration getStatsCacheTtl() {
        return statsCacheTtl;
    }

    public void setStatsCacheTtl(Duration statsCacheTtl) {
        this.statsCacheTtl = statsCacheTtl;
    }

    public Map<String, EventEntry> getEvents() {
        return events;
    }

    public void setEvents(Map<String, EventEntry> events) {
        this.events = events;
    }

    public Map<String, DataEventEntry> getDataEvents() {
        return dataEvents;
    }

    public void setDataEvents(Map<String, DataEventEntry> dataEvents) {
        this.dataEvents = dataEvents;
    }

    public Map<String, QueueEntry> getQueues() {
        return queues;
    }

    public void setQueues(Map<String, QueueEntry> queues) {
        this.queues = queues;
    }

    /**
     * Back-off between attempts: the initial interval, multiplied after each further failure, at
     * most the maximum interval.
     */
    public static class Backoff {

        /**
         * Delay after the first failed attempt.
         */
        private Duration initialInterval = Duration.ofSeconds(1);

        /**
         * Factor applied to the delay after each further failure.
         */
        private double multiplier = 2.0;

        /**
         * Longest delay between attempts.
         */
        private Duration maxInterval = Duration.ofMinutes(1);

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /**
     * Thresholds of the ipsync health indicators.
     */
    public static class Health {

        /**
         * Age of the oldest waiting message beyond which a queue that this application
         * consumes (an @IpsyncListener takes from it) reports itself down; elsewhere the age is
         * only reported.
         */
        private Duration maxOldestMessageAge = Duration.ofMinutes(5);

        public Duration getMaxOldestMessageAge() {
            return maxOldestMessageAge;
        }

        public void setMaxOldestMessageAge(Duration maxOldestMessageAge) {
            this.maxOldestMessageAge = maxOldestMessageAge;
        }
    }

    /**
     * Options every kind of channel entry has. Options left unset take the value of the
     * same-named 'ipsync.*' property.
     *
     * <p>The configuration processor describes no option of a map's values, so each option of an
     * entry is described again, under an entry named 'example' of each kind, in
     * {@code META-INF/additional-spring-configuration-metadata.json}, and in README's table of
     * entry options; {@code ConfigurationMetadataTests} fails on an option missing from either.
     */
    public abstract static class ChannelEntry {

        /**
         * The channel's file (an event, a data event) or directory (a queue), absolute or relative
         * to 'ipsync.base-dir' (which it may not leave); required on files, ignored by other
         * transports. The short form 'ipsync.queues.<name>: <path>' sets only this.
         */
        private Path path;

        /**
         * Transport that keeps this channel, instead of 'ipsync.transport': 'file' or 'redis'.
         */
        private String transport;

        /**
         * Name of the channel on a server transport (its Redis keys are named after it under
         * 'ipsync.redis.key-prefix'), instead of the entry's name. Every application that shares
         * the channel must use the same name.
         */
        private String key;

        /**
         * How often a waiting listener re-checks this channel when no notification arrives, instead
         * of 'ipsync.poll-interval'.
         */
        private Duration pollInterval;

        /**
         * Whether listeners of this channel start with the application context, instead of
         * 'ipsync.auto-startup'.
         */
        private Boolean autoStartup;

        /**
         * Whether a missing directory of this channel is created, instead of
         * 'ipsync.create-directory'.
         */
        private Boolean createDirectory;

        /**
         * Whether writes to this channel are forced to the storage device before they return,
         * instead of 'ipsync.sync-writes' (see there).
         */
        private Boolean syncWrites;

        protected ChannelEntry() {
        }

        protected ChannelEntry(String path) {
            this.path = Path.of(path);
        }

        public Path getPath() {
            return path;
        }

        public void setPath(Path path) {
            this.path = path;
        }

        public String getTransport() {
            return transport;
        }

        public void setTransport(String transport) {
            this.transport = transport;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Boolean getAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(Boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public Boolean getCreateDirectory() {
            return createDirectory;
        }

        public void setCreateDirectory(Boolean createDirectory) {
            this.createDirectory = createDirectory;
        }

        public Boolean getSyncWrites() {
            return syncWrites;
        }

        public void setSyncWrites(Boolean syncWrites) {
            this.syncWrites = syncWrites;
        }
    }

    /**
     * An event: a file whose change is the signal. Written either as the file's path, or with
     * options.
     */
    public static class EventEntry extends ChannelEntry {

        /**
         * Whether a listener fires once at startup for a file that already exists, instead of
         * 'ipsync.fire-on-init'.
         */
        private Boolean fireOnInit;

        public EventEntry() {
        }

        /** The short form: just the path. */
        public EventEntry(String path) {
            super(path);
        }

        public Boolean getFireOnInit() {
            return fireOnInit;
        }

        public void setFireOnInit(Boolean fireOnInit) {
            this.fireOnInit = fireOnInit;
        }
    }

    /**
     * A data event: a file holding the latest JSON value. Written either as the file's path, or
     * with options.
     */
    public static class DataEventEntry extends EventEntry {

        /**
         * Largest value that is read, instead of 'ipsync.max-message-size': a larger one fails the
         * listener's wait (its error handler hears of it) and is skipped. The same name as a
         * queue's limit.
         */
        private DataSize maxMessageSize;

        /** The deprecated name of {@link #maxMessageSize}; kept apart so that startup can report it. */
        private DataSize maxValueSize;

        public DataEventEntry() {
        }

        /** The short form: just the path. */
        public DataEventEntry(String path) {
            super(path);
        }

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        /**
         * Largest value that is read: the old name of 'max-message-size', which wins where both
         * are set. Startup warns while it is used.
         *
         * @deprecated since 0.1.0, for the one name that queues and data events share: use
         *     {@link #getMaxMessageSize()} ({@code ipsync.data-events.<name>.max-message-size})
         */
        // named after the example entry that additional-spring-configuration-metadata.json documents:
        // the metadata format has no names for a map's entries
        @Deprecated(since = "0.1.0")
        @DeprecatedConfigurationProperty(replacement = "ipsync.data-events.example.max-message-size",
                reason = "One name for the size limit of every channel kind.", since = "0.1.0")
        public DataSize getMaxValueSize() {
            return maxValueSize;
        }

        /** @deprecated since 0.1.0: use {@link #setMaxMessageSize(DataSize)} */
        @Deprecated(since = "0.1.0")
        public void setMaxValueSize(DataSize maxValueSize) {
            this.maxValueSize = maxValueSize;
        }
    }

    /**
     * A queue: a directory with one file per message. Written either as the directory's path, or
     * with options.
     */
    public static class QueueEntry extends ChannelEntry {

        /**
         * Number of listener threads per listener of this queue, instead of 'ipsync.concurrency'.
         */
        private Integer concurrency;

        /**
         * Number of attempts a message of this queue gets before it is dead-lettered, instead of
         * 'ipsync.max-attempts'.
         */
        private Integer maxAttempts;

        /**
         * Delay between attempts; unset fields take 'ipsync.backoff.*'.
         */
        private PartialBackoff backoff = new PartialBackoff();

        /**
         * Directory this queue's dead letters are moved to, instead of
         * 'ipsync.dead-letter-directory' (by default '.ipsync/dead' inside the queue's directory).
         * Must be on the same file system as the queue.
         */
        private Path deadLetterDirectory;

        /**
         * How often consumers of this queue look for the claims of consumers that died, instead of
         * 'ipsync.reclaim-interval'.
         */
        private Duration reclaimInterval;

        /**
         * Largest message that is read, instead of 'ipsync.max-message-size': a larger one is
         * dead-lettered unread.
         */
        private DataSize maxMessageSize;

        /**
         * Fully qualified names of exception classes that are never retried on this queue, in
         * addition to 'ipsync.not-retryable-exceptions': a failure that is one of them (or a
         * subclass), or is caused by one, is dead-lettered on its first attempt.
         */
        private List<String> notRetryableExceptions = new ArrayList<>();

        /**
         * Layout of this queue on files: 'files' (one file per message, shared with Python) or
         * 'journal' (memory-mapped segments, Java only, for large amounts of data). Used when the
         * queue is created; an existing queue keeps its own, and naming the other one fails at
         * startup. Unset: an existing queue as it is, a new one as files.
         */
        private String layout;

        public QueueEntry() {
        }

        /** The short form: just the path. */
        public QueueEntry(String path) {
            super(path);
        }

        public Integer getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(Integer concurrency) {
            this.concurrency = concurrency;
        }

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public PartialBackoff getBackoff() {
            return backoff;
        }

        public void setBackoff(PartialBackoff backoff) {
            this.backoff = backoff;
        }

        public Path getDeadLetterDirectory() {
            return deadLetterDirectory;
        }

        public void setDeadLetterDirectory(Path deadLetterDirectory) {
            this.deadLetterDirectory = deadLetterDirectory;
        }

        public Duration getReclaimInterval() {
            return reclaimInterval;
        }

        public void setReclaimInterval(Duration reclaimInterval) {
            this.reclaimInterval = reclaimInterval;
        }

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        public List<String> getNotRetryableExceptions() {
            return notRetryableExceptions;
        }

        public void setNotRetryableExceptions(List<String> notRetryableExceptions) {
            this.notRetryableExceptions = notRetryableExceptions;
        }

        public String getLayout() {
            return layout;
        }

        public void setLayout(String layout) {
            this.layout = layout;
        }
    }

    /**
     * A queue's own back-off; each field left unset takes the value of 'ipsync.backoff.*'.
     */
    public static class PartialBackoff {

        /**
         * Delay after the first failed attempt.
         */
        private Duration initialInterval;

        /**
         * Factor applied to the delay after each further failure.
         */
        private Double multiplier;

        /**
         * Longest delay between attempts.
         */
        private Duration maxInterval;

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public Double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(Double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }
}
