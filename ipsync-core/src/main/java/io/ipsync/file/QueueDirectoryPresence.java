package io.ipsync.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that a queue directory has gone (deleted, or an unmounted file system) and that it has
 * come back, and says so once each time. A consumer finds nothing in a missing directory and
 * would otherwise wait in silence; it goes on waiting, and takes messages again once the
 * directory is back. Checked only when a look for messages found none, and at most every
 * {@value #MIN_CHECK_INTERVAL_MILLIS} ms, so a consumer that keeps up with a steady flow of
 * messages (and finds none after each) pays no {@code stat} per message. Thread-safe.
 */
final class QueueDirectoryPresence {

    private static final Logger log = LoggerFactory.getLogger(QueueDirectoryPresence.class);

    private final Path root;

    static final long MIN_CHECK_INTERVAL_MILLIS = 100;

    private final AtomicBoolean missing = new AtomicBoolean();

    private final AtomicLong nextCheckNanos = new AtomicLong(System.nanoTime());

    QueueDirectoryPresence(Path root) {
        this.root = root;
    }

    void check() {
        long now = System.nanoTime();
        long due = nextCheckNanos.get();
        if (now - due < 0 || !nextCheckNanos.compareAndSet(due, now + MIN_CHECK_INTERVAL_MILLIS * 1_000_000)) {
            return;
        }
        boolean present = Files.isDirectory(root);
        if (!present && missing.compareAndSet(false, true)) {
            log.warn("The queue directory {} is gone; its consumers keep waiting and take messages again once it is back",
                    root);
        } else if (present && missing.compareAndSet(true, false)) {
            log.info("The queue directory {} is back", root);
        }
    }
}
