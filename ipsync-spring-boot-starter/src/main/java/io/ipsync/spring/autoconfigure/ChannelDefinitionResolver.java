package io.ipsync.spring.autoconfigure;

import io.ipsync.ChannelAddress;
import io.ipsync.file.FileSettings;
import io.ipsync.BackOff;
import io.ipsync.QueueOptions;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.QueueLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@link IpsyncProperties} into {@link ChannelDefinition}s: each entry's own option, else
 * the {@code ipsync.*} default; paths resolved against {@code ipsync.base-dir}. Every invalid value
 * fails with an {@link InvalidConfigurationPropertyValueException} that names the property.
 */
final class ChannelDefinitionResolver {

    private static final Logger log = LoggerFactory.getLogger(ChannelDefinitionResolver.class);

    private final IpsyncProperties properties;

    private final Path baseDir;

    private final ClassLoader classLoader;

    private final Set<Class<? extends Throwable>> notRetryable;

    /** @param classLoader loads the classes named as not-retryable exceptions */
    ChannelDefinitionResolver(IpsyncProperties properties, ClassLoader classLoader) {
        this.properties = properties;
        this.classLoader = classLoader;
        Path base = properties.getBaseDir() != null ? properties.getBaseDir() : Path.of("");
        this.baseDir = base.toAbsolutePath().normalize();
        requireName("ipsync.transport", properties.getTransport());
        requirePositive("ipsync.poll-interval", properties.getPollInterval());
        requirePositive("ipsync.reclaim-interval", properties.getReclaimInterval());
        requireAtLeastOne("ipsync.concurrency", properties.getConcurrency());
        requireAtLeastOne("ipsync.max-attempts", properties.getMaxAttempts());
        if (properties.getSharing() == null) {
            throw invalid("ipsync.sharing", null, "must be 'private' or 'group'");
        }
        if (properties.getShutdownTimeout() == null || properties.getShutdownTimeout().isNegative()) {
            throw invalid("ipsync.shutdown-timeout", properties.getShutdownTimeout(), "must not be negative");
        }
        // checked here, before any queue inherits it, so that a bad default is reported under its own name
        defaultBackOff();
        this.notRetryable = exceptionClasses("ipsync.not-retryable-exceptions", properties.getNotRetryableExceptions());
    }

    List<ChannelDefinition> resolve() {
        List<ChannelDefinition> definitions = new ArrayList<>();
        resolveAll(ChannelKind.EVENT, properties.getEvents(), this::event, definitions);
        resolveAll(ChannelKind.DATA_EVENT, properties.getDataEvents(), this::dataEvent, definitions);
        resolveAll(ChannelKind.QUEUE, properties.getQueues(), this::queue, definitions);
        return definitions;
    }

    private <E> void resolveAll(ChannelKind kind, Map<String, E> entries, BiFunction<String, E, ChannelDefinition> resolver,
            List<ChannelDefinition> into) {
        entries.forEach((name, entry) -> {
            String prefix = kind.propertyPrefix() + "." + name;
            if (entry == null) {
                throw invalid(prefix, null, "a path is required");
            }
            into.add(resolver.apply(name, entry));
        });
    }

    private ChannelDefinition event(String name, EventEntry entry) {
        return common(name, ChannelKind.EVENT, entry, fireOnInit(entry), 1, properties.getMaxAttempts(), defaultBackOff(),
                null, properties.getReclaimInterval(), properties.getMaxMessageSize(), Set.of(), QueueLimits.NONE);
    }

    private ChannelDefinition dataEvent(String name, DataEventEntry entry) {
        String prefix = ChannelKind.DATA_EVENT.propertyPrefix() + "." + name;
        String ownProperty = prefix + ".max-message-size";
        DataSize own = entry.getMaxMessageSize();
        @SuppressWarnings("deprecation")
        DataSize deprecated = entry.getMaxValueSize();
        if (deprecated != null) {
            log.warn(DeprecatedSizeName.warning(prefix, own != null));
            if (own == null) {
                own = deprecated;
                ownProperty = prefix + DeprecatedSizeName.SUFFIX;
            }
        }
        if (own != null) {
            // checked here so that a bad value of the entry's own is reported under the name it was set with
            requireSupportedSize(ownProperty, own);
        }
        DataSize maxSize = own != null ? own : properties.getMaxMessageSize();
        return common(name, ChannelKind.DATA_EVENT, entry, fireOnInit(entry), 1, properties.getMaxAttempts(),
                defaultBackOff(), null, properties.getReclaimInterval(), maxSize, Set.of(), QueueLimits.NONE);
    }

    private ChannelDefinition queue(String name, QueueEntry entry) {
        String prefix = ChannelKind.QUEUE.propertyPrefix() + "." + name;
        int concurrency = entry.getConcurrency() != null ? entry.getConcurrency() : properties.getConcurrency();
        requireAtLeastOne(prefix + ".concurrency", concurrency);
        int maxAttempts = entry.getMaxAttempts() != null ? entry.getMaxAttempts() : properties.getMaxAttempts();
        requireAtLeastOne(prefix + ".max-attempts", maxAttempts);
        Duration reclaimInterval = entry.getReclaimInterval() != null ? entry.getReclaimInterval() : properties.getReclaimInterval();
        requirePositive(prefix + ".reclaim-interval", reclaimInterval);
        Path deadLetters = entry.getDeadLetterDirectory() != null ? entry.getDeadLetterDirectory() : properties.getDeadLetterDirectory();
        DataSize maxMessageSize = entry.getMaxMessageSize() != null ? entry.getMaxMessageSize() : properties.getMaxMessageSize();
        Set<Class<? extends Throwable>> notRetryable = new LinkedHashSet<>(this.notRetryable);
        notRetryable.addAll(exceptionClasses(prefix + ".not-retryable-exceptions", entry.getNotRetryableExceptions()));
        if (entry.getLayout() != null && entry.getLayout().isBlank()) {
            throw invalid(prefix + ".layout", entry.getLayout(), "must name a layout (files or journal), or be left unset");
        }
        return common(name, ChannelKind.QUEUE, entry, properties.isFireOnInit(), concurrency, maxAttempts,
                backOff(prefix + ".backoff", entry.getBackoff()),
                deadLetters == null ? null : resolvePath(prefix + ".dead-letter-directory", deadLetters),
                reclaimInterval, maxMessageSize, notRetryable, limits(prefix, entry)).withLayout(entry.getLayout());
    }

    /** A journal queue's own settings, each checked by {@link FileSettings.Builder} and refused naming its property. */
    private static void journalSettings(String prefix, QueueEntry entry, FileSettings.Builder files) {
        apply(prefix + ".journal-segment-size", entry.getJournalSegmentSize(), size -> files.journalSegmentSize(size.toBytes()));
        apply(prefix + ".journal-max-backlog", entry.getJournalMaxBacklog(), size -> files.journalMaxBacklog(size.toBytes()));
        apply(prefix + ".journal-full-timeout", entry.getJournalFullTimeout(), files::journalFullTimeout);
    }

    private static <T> void apply(String property, T value, java.util.function.Consumer<T> setting) {
        if (value == null) {
            return;
        }
        try {
            setting.accept(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e.getMessage());
        }
    }

    private static QueueLimits limits(String prefix, QueueEntry entry) {
        Duration timeToLive = entry.getTimeToLive();
        if (timeToLive != null) {
            requirePositive(prefix + ".time-to-live", timeToLive);
        }
        long maxBacklog = entry.getMaxBacklog() == null ? QueueOptions.UNBOUNDED : entry.getMaxBacklog();
        if (maxBacklog < 0) {
            throw invalid(prefix + ".max-backlog", maxBacklog, "must be 0 (no bound) or more");
        }
        Duration putTimeout = entry.getPutTimeout() == null ? Duration.ZERO : entry.getPutTimeout();
        if (putTimeout.isNegative()) {
            throw invalid(prefix + ".put-timeout", putTimeout, "must not be negative");
        }
        if (!putTimeout.isZero() && maxBacklog == QueueOptions.UNBOUNDED) {
            log.warn("{}.put-timeout has no effect without {}.max-backlog: a put never waits for room", prefix, prefix);
        }
        return new QueueLimits(timeToLive, maxBacklog, putTimeout);
    }

    /**
     * The exception classes named under {@code property}, each loaded now, so that a misspelled
     * name fails startup naming its property instead of leaving a failure retried in silence.
     */
    private Set<Class<? extends Throwable>> exceptionClasses(String property, List<String> names) {
        Set<Class<? extends Throwable>> classes = new LinkedHashSet<>();
        if (names == null) {
            return classes;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).strip();
            String element = property + "[" + i + "]";
            if (name.isEmpty()) {
                throw invalid(element, names.get(i), "must be the fully qualified name of an exception class");
            }
            Class<?> type;
            try {
                type = ClassUtils.forName(name, classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw invalid(element, name, "no such class on the class path (" + e + "); give the fully qualified"
                        + " name of an exception class, for example java.lang.IllegalArgumentException");
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw invalid(element, name, "is not an exception class (a java.lang.Throwable)");
            }
            classes.add(type.asSubclass(Throwable.class));
        }
        return classes;
    }

    private ChannelDefinition common(String name, ChannelKind kind, ChannelEntry entry, boolean fireOnInit, int concurrency,
            int maxAttempts, BackOff backOff, Path deadLetterDirectory, Duration reclaimInterval, DataSize maxSize,
            Set<Class<? extends Throwable>> notRetryable, QueueLimits limits) {
        String prefix = kind.propertyPrefix() + "." + name;
        String transport = entry.getTransport() != null ? entry.getTransport() : properties.getTransport();
        requireName(entry.getTransport() != null ? prefix + ".transport" : "ipsync.transport", transport);
        boolean onFiles = transport.equals(ChannelAddress.FILE);
        boolean noPath = entry.getPath() == null || entry.getPath().toString().isBlank();
        if (noPath && onFiles) {
            throw invalid(prefix + ".path", entry.getPath(), "a path is required");
        }
        String key = entry.getKey() != null ? entry.getKey() : name;
        requireName(prefix + ".key", key);
        Duration pollInterval = entry.getPollInterval() != null ? entry.getPollInterval() : properties.getPollInterval();
        requirePositive(prefix + ".poll-interval", pollInterval);
        requireSupportedSize(kind == ChannelKind.QUEUE ? prefix + ".max-message-size" : "ipsync.max-message-size", maxSize);
        FileSettings.Builder files = FileSettings.builder()
                .pollInterval(pollInterval)
                .createDirectory(entry.getCreateDirectory() != null ? entry.getCreateDirectory() : properties.isCreateDirectory())
                .deadLetterDirectory(deadLetterDirectory)
                .syncWrites(entry.getSyncWrites() != null ? entry.getSyncWrites() : properties.isSyncWrites())
                .sharing(properties.getSharing());
        if (entry instanceof QueueEntry queue) {
            journalSettings(prefix, queue, files);
        }
        FileSettings fileSettings = files.build();
        return new ChannelDefinition(
                name,
                kind,
                transport,
                noPath ? null : resolvePath(prefix + ".path", entry.getPath()),
                key,
                entry.getAutoStartup() != null ? entry.getAutoStartup() : properties.isAutoStartup(),
                fireOnInit,
                concurrency,
                maxAttempts,
                backOff,
                reclaimInterval,
                maxSize.toBytes(),
                fileSettings,
                notRetryable,
                limits,
                null);
    }

    private static void requireName(String property, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(property, name, "must not be blank");
        }
    }

    private boolean fireOnInit(EventEntry entry) {
        return entry.getFireOnInit() != null ? entry.getFireOnInit() : properties.isFireOnInit();
    }

    /**
     * The absolute path: an absolute path as it is, a relative one against the base directory,
     * which it must not leave ({@code ../} is refused).
     */
    private Path resolvePath(String property, Path path) {
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path resolved = baseDir.resolve(path).normalize();
        if (!resolved.startsWith(baseDir)) {
            throw invalid(property, path, "a relative path must stay inside ipsync.base-dir (" + baseDir + ")");
        }
        return resolved;
    }

    private BackOff defaultBackOff() {
        return backOff("ipsync.backoff", new PartialBackoff());
    }

    private BackOff backOff(String prefix, PartialBackoff own) {
        IpsyncProperties.Backoff defaults = properties.getBackoff();
        Duration initial = own.getInitialInterval() != null ? own.getInitialInterval() : defaults.getInitialInterval();
        double multiplier = own.getMultiplier() != null ? own.getMultiplier() : defaults.getMultiplier();
        Duration max = own.getMaxInterval() != null ? own.getMaxInterval() : defaults.getMaxInterval();
        if (initial == null || initial.isNegative()) {
            throw invalid(prefix + ".initial-interval", initial, "must not be negative");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw invalid(prefix + ".multiplier", multiplier, "must be a finite number of at least 1");
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw invalid(prefix + ".max-interval", max, "must not be shorter than the initial interval (" + initial + ")");
        }
        return new BackOff(initial, multiplier, max);
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(property, value, "must be a positive duration");
        }
    }

    private static void requireSupportedSize(String property, DataSize size) {
        if (size == null || size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE - 8) {
            throw invalid(property, size, "must be between 1 byte and 2 GB");
        }
    }

    private static void requireAtLeastOne(String property, int value) {
        if (value < 1) {
            throw invalid(property, value, "must be at least 1");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(property, value, reason);
    }
}
