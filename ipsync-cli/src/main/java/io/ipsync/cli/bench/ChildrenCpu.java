package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system) of this process's finished and reaped children, as Linux counts it
 * in {@code cutime} and {@code cstime} of {@code /proc/self/stat}: the only way to learn what a
 * child that has already exited used. In clock ticks of 10 ms ({@code USER_HZ}, 100 on Linux).
 */
final class ChildrenCpu {

    private static final Path STAT = Path.of("/proc/self/stat");

    private static final long NANOS_PER_TICK = 10_000_000;

    /** cutime and cstime: the 16th and 17th fields, the 14th and 15th after the command's name. */
    private static final int CUTIME_AFTER_NAME = 13;

    private ChildrenCpu() {
    }

    /** The children's CPU time so far in nanoseconds, or -1 where {@code /proc} does not tell it (not Linux). */
    static long nanos() {
        try {
            String stat = Files.readString(STAT);
            // The name, in parentheses, may hold spaces: count the fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[CUTIME_AFTER_NAME]) + Long.parseLong(fields[CUTIME_AFTER_NAME + 1])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
