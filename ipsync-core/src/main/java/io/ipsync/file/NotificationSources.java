package io.ipsync.file;

import java.nio.file.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link NotificationSource} of a {@link DirectoryWatcher}: on Java 17 to 21 always
 * the JDK's watch service.
 *
 * <p>ipsync-core is a multi-release jar: on Java 22 and later a version of this class compiled
 * from {@code src/main/java22} replaces this one, and chooses inotify through the FFM API where
 * it may (see there). The system property {@value #PROPERTY} overrides the choice:
 * {@code jdk} for the watch service everywhere, {@code native} for inotify on Java 22+ even
 * without {@code --enable-native-access} (the JDK then prints its warning).
 */
final class NotificationSources {

    /** The system property that chooses the source: {@code jdk}, {@code native}, or unset (the best there is). */
    static final String PROPERTY = "ipsync.file.notifications";

    private static final Logger log = LoggerFactory.getLogger(NotificationSources.class);

    private NotificationSources() {
    }

    /** The source for {@code fileSystem}; {@code onWatching} as {@link WatchRegistry} takes it. */
    static NotificationSource create(FileSystem fileSystem, Runnable onWatching) {
        if (NotificationSource.NATIVE.equals(System.getProperty(PROPERTY))) {
            log.info("{}=native needs Java 22 or later (this is Java {}): using the JDK's watch service", PROPERTY,
                    Runtime.version().feature());
        }
        return new WatchRegistry(fileSystem, onWatching);
    }
}
