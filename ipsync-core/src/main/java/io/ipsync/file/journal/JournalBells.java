package io.ipsync.file.journal;

import java.nio.file.Path;

/**
 * Chooses a channel's {@link JournalBell}. On Java 17-21 this is always the {@link SocketBell};
 * the multi-release jar holds a Java 22 version of this class that chooses the futex bell where
 * native access is enabled for ipsync (and the socket bell otherwise).
 */
final class JournalBells {

    private JournalBells() {
    }

    static JournalBell open(Path folder, Meta meta, int slot, SlotLocks locks) {
        return SocketBell.open(folder, meta, slot, locks);
    }
}
