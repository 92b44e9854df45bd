package io.ipsync.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that a queue directory has gone (deleted, or an unmounted file system) and that it has
 * come back, and says so once each time. A consumer finds nothing in a missing directory and
 * would otherwise wait in silence; it goes on waiting, and takes messages again once the
 * directory is back. Checked only when a look for messages found none, so it costs one
 * {@code stat} per idle poll. Thread-safe.
 */
final class QueueDirectoryPresence {

    private static final Logger log = LoggerFactory.getLogger(QueueDirectoryPresence.class);

    private final Path root;

    private final AtomicBoolean missing = new AtomicBoolean();

    QueueDirectoryPresence(Path root) {
        this.root = root;
    }

    void check() {
        boolean present = Files.isDirectory(root);
        if (!present && missing.compareAndSet(false, true)) {
            log.warn("The queue directory {} is gone; its consumers keep waiting and take messages again once it is back",
                    root);
        } else if (present && missing.compareAndSet(true, false)) {
            log.info("The queue directory {} is back", root);
        }
    }
}
