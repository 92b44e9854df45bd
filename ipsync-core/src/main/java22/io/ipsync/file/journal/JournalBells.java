package io.ipsync.file.journal;

import java.nio.file.Path;

/**
 * Chooses a channel's {@link JournalBell} on Java 22 and later (the Java 17 version of this class
 * always chooses the {@link SocketBell}): the {@link FutexBell} where native access is enabled for
 * ipsync's module ({@code --enable-native-access=ALL-UNNAMED} on the class path) and the futex
 * works on this machine, the socket bell otherwise, or where the system property
 * {@code ipsync.journal.bell} is {@code socket}.
 */
final class JournalBells {

    /** Made once, on first use where allowed: the downcall handles of the futex, or null. */
    private static final class Native {
        static final JournalFutex FUTEX = JournalFutex.forThisMachine();
    }

    private JournalBells() {
    }

    static JournalBell open(Path folder, Meta meta, int slot, SlotLocks locks) {
        if (futexAllowed() && Native.FUTEX != null) {
            FutexBell bell = FutexBell.open(folder, meta, slot, locks, Native.FUTEX);
            if (bell != null) {
                return bell;
            }
        }
        return SocketBell.open(folder, meta, slot, locks);
    }

    private static boolean futexAllowed() {
        return JournalBells.class.getModule().isNativeAccessEnabled()
                && !"socket".equals(System.getProperty("ipsync.journal.bell"));
    }
}
