package io.ipsync.file.journal;

import java.util.function.Consumer;

/**
 * The points between the steps of the journal's protocol where a process may die, named, so that
 * tests can stop a child JVM at each ({@code JournalCrashAtEveryStepTest}) or hold a producer
 * between its reserve and its commit. Without a hook (always, outside tests) a point costs one
 * volatile read.
 */
final class CrashPoints {

    /** Told the name of every point reached; tests only. */
    static volatile Consumer<String> hook;

    private CrashPoints() {
    }

    static void reach(String point) {
        Consumer<String> current = hook;
        if (current != null) {
            current.accept(point);
        }
    }
}
