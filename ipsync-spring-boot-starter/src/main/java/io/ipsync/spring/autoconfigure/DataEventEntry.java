package io.ipsync.spring.autoconfigure;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * A data event: a file holding the latest JSON value. Written either as the file's path, or
 * with options.
 */
public class DataEventEntry extends EventEntry {

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
