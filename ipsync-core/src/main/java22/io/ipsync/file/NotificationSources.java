package io.ipsync.file;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link NotificationSource} of a {@link DirectoryWatcher} on Java 22 and later (the
 * version of this class in {@code META-INF/versions/22} of ipsync-core's multi-release jar; the
 * Java 17 one always chooses the JDK's watch service).
 *
 * <p>Inotify through the FFM API ({@link InotifySource}) where all of these hold, else the JDK's
 * watch service ({@link WatchRegistry}):
 * <ul>
 * <li>the file system is the default one, on Linux, on x86-64 or AArch64;</li>
 * <li>native access is enabled for ipsync's module: {@code --enable-native-access=ALL-UNNAMED} on
 *     the class path (or the module's name on the module path), or
 *     {@code Enable-Native-Access: ALL-UNNAMED} in the manifest of the jar run with {@code java -jar}
 *     (ipsync's CLI jar has it). Without it the FFM calls would make the JDK print a warning (and a
 *     future JDK refuse them), so ipsync does not make them, and says so once at INFO;</li>
 * <li>the system property {@value #PROPERTY} is not {@code jdk}. Set to {@code native} it chooses
 *     inotify even without native access (the JDK then prints its warning once).</li>
 * </ul>
 * If inotify cannot be linked, the watch service is chosen, with a warning.
 */
final class NotificationSources {

    /** The system property that chooses the source: {@code jdk}, {@code native}, or unset (the best there is). */
    static final String PROPERTY = "ipsync.file.notifications";

    private static final Logger log = LoggerFactory.getLogger(NotificationSources.class);

    /** The hint on enabling native access is logged once per JVM, not per watcher. */
    private static final AtomicBoolean TOLD_HOW_TO_ENABLE = new AtomicBoolean();

    private NotificationSources() {
    }

    /** The source for {@code fileSystem}; {@code onWatching} as {@link WatchRegistry} takes it. */
    static NotificationSource create(FileSystem fileSystem, Runnable onWatching) {
        String wanted = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (!NotificationSource.JDK.equals(wanted) && fileSystem == FileSystems.getDefault() && linuxWithGenericAbi()) {
            if (NotificationSource.NATIVE.equals(wanted) || nativeAccessEnabled()) {
                try {
                    // Links the calls and tries them once: a kernel or sandbox without inotify is found here.
                    InotifyDescriptors.open().requestClose();
                    return new InotifySource(onWatching);
                } catch (IOException | LinkageError | RuntimeException e) {
                    log.warn("Cannot use inotify through the FFM API ({}); waiting for file-system notifications through the"
                            + " JDK's watch service", e.toString());
                }
            } else if (TOLD_HOW_TO_ENABLE.compareAndSet(false, true)) {
                log.info("ipsync waits for file-system notifications through the JDK's watch service (a thread of the JDK's"
                        + " in each wake-up). To let the waiting thread read inotify itself, run java with"
                        + " --enable-native-access=ALL-UNNAMED (or your module's name), or -D{}=jdk to keep the watch"
                        + " service without this message.", PROPERTY);
            }
        }
        return new WatchRegistry(fileSystem, onWatching);
    }

    private static boolean linuxWithGenericAbi() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").equals("Linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /** Whether ipsync's module (the unnamed module of its class loader on the class path) may call restricted methods without a warning. */
    static boolean nativeAccessEnabled() {
        return NotificationSources.class.getModule().isNativeAccessEnabled();
    }
}
