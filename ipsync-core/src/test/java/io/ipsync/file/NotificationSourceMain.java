package io.ipsync.file;

/**
 * A child JVM that prints which notification source the shared watcher of a JVM started like it
 * uses: {@code source jdk} or {@code source native}.
 */
public final class NotificationSourceMain {

    private NotificationSourceMain() {
    }

    public static void main(String[] args) {
        System.out.println("source " + DirectoryWatcher.shared().sourceKind());
    }
}
