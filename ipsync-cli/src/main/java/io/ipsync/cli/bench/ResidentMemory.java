package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peak resident set size of this process (Linux's {@code VmHWM} in {@code /proc/self/status}):
 * the most physical memory it held at once, heap, code, thread stacks and all.
 */
final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** The peak in bytes, or -1 where {@code /proc} does not tell it (not Linux). */
    static long peakBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String kilobytes = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
