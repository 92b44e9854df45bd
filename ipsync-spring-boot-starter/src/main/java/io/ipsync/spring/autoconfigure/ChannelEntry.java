package io.ipsync.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options every kind of channel entry has. Options left unset take the value of the
 * same-named 'ipsync.*' property.
 *
 * <p>The configuration processor describes no option of a map's values, so each option of an
 * entry is described again, under an entry named 'example' of each kind, in
 * {@code META-INF/additional-spring-configuration-metadata.json}, and in README's table of
 * entry options; {@code ConfigurationMetadataTests} fails on an option missing from either.
 */
public abstract class ChannelEntry {

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
