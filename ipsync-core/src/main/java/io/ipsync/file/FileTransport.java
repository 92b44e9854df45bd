package io.ipsync.file;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.QueueOptions;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.TransportHealth;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spi.TransportSettings;
import io.ipsync.spi.ValueChannel;
import io.ipsync.file.journal.JournalQueueChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The file transport, id {@code file}: every channel in plain files on one host, in the layout of
 * jk_interprocesssync (see {@code docs/on-disk-format.md}); a queue may instead be a journal
 * ({@link #JOURNAL_LAYOUT}, see {@code docs/journal.md}), chosen when it is created and detected
 * when it is opened. A channel's location is its path: the
 * event or data-event file, the queue directory. Its settings are {@link FileSettings}.
 *
 * <p>Stateless and thread-safe; {@link #INSTANCE} is the one there is.
 */
public final class FileTransport implements TransportProvider {

    /** The file transport. */
    public static final FileTransport INSTANCE = new FileTransport();

    /** The layout of a queue as one file per message, shared with jk_interprocesssync. */
    public static final String FILES_LAYOUT = "files";

    /**
     * The layout of a queue as a journal of memory-mapped segment files, for large amounts of data
     * between Java processes on one host (see {@code docs/journal.md}).
     */
    public static final String JOURNAL_LAYOUT = "journal";

    /** For the service loader; use {@link #INSTANCE}. */
    public FileTransport() {
    }

    @Override
    public String id() {
        return FileSettings.TRANSPORT;
    }

    @Override
    public List<String> queueLayouts() {
        return List.of(FILES_LAYOUT, JOURNAL_LAYOUT);
    }

    @Override
    public QueueChannel openQueue(ChannelAddress address, QueueOptions options) throws IOException {
        FileSettings settings = settings(address);
        if (options.layout() != null && !queueLayouts().contains(options.layout())) {
            throw new IllegalArgumentException("The file transport has no queue layout '" + options.layout()
                    + "' (it has " + queueLayouts() + "), asked for " + address.location());
        }
        Path directory = Path.of(address.location()).toAbsolutePath().normalize();
        String existing = JournalHost.detectLayout(directory);
        if (existing != null && options.layout() != null && !existing.equals(options.layout())) {
            throw new IllegalArgumentException("The queue " + directory + " has the layout '" + existing + "', not the '"
                    + options.layout() + "' asked for: a queue's layout is fixed when it is created (leave the layout"
                    + " unset to open a queue as it is)");
        }
        String layout = existing != null ? existing : options.layout() != null ? options.layout() : FILES_LAYOUT;
        if (JOURNAL_LAYOUT.equals(layout)) {
            return JournalQueueChannel.open(directory, options, settings);
        }
        return FileQueueChannel.open(directory, options, settings);
    }

    @Override
    public SignalChannel openSignal(ChannelAddress address, EventOptions options) throws IOException {
        return FileSignalChannel.open(Path.of(address.location()), settings(address));
    }

    @Override
    public ValueChannel openValue(ChannelAddress address, DataEventOptions options) throws IOException {
        return FileValueChannel.open(Path.of(address.location()), settings(address), options.maxValueSize());
    }

    /**
     * Up when the channel's directory (a queue's own, an event file's folder) exists and this
     * process may write to it.
     */
    /** Deletes the queue's directory tree (its dead letters with it, where they are kept inside it). */
    @Override
    public void deleteQueue(ChannelAddress address) throws IOException {
        settings(address);
        Path directory = Path.of(address.location());
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public TransportHealth health(ChannelAddress address, ChannelKind kind) {
        Path path = Path.of(address.location());
        Path directory = kind == ChannelKind.QUEUE ? path : path.getParent();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", path.toString());
        if (directory == null || !Files.isDirectory(directory)) {
            return TransportHealth.down("directory " + directory + " does not exist", details);
        }
        if (!Files.isWritable(directory)) {
            return TransportHealth.down("directory " + directory + " is not writable", details);
        }
        if (kind != ChannelKind.QUEUE) {
            details.put("exists", Files.exists(path));
        }
        return TransportHealth.up(details);
    }

    private FileSettings settings(ChannelAddress address) {
        if (!address.transport().equals(id())) {
            throw new IllegalArgumentException("Not an address of the file transport: " + address);
        }
        TransportSettings settings = address.settings();
        if (settings == null) {
            return FileSettings.DEFAULTS;
        }
        if (settings instanceof FileSettings fileSettings) {
            return fileSettings;
        }
        throw new IllegalArgumentException("The file transport takes FileSettings, not " + settings.getClass().getName());
    }

    @Override
    public String toString() {
        return "FileTransport";
    }
}
