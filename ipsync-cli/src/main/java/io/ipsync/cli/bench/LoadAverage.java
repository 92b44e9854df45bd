package io.ipsync.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The system's load averages over 1, 5 and 15 minutes, as {@code uptime} shows them: how busy
 * the machine was with other work while the bench ran.
 */
record LoadAverage(List<Double> values) {

    private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

    /** Now: all three from {@code /proc/loadavg}, else the one-minute figure the JVM knows, else none. */
    static LoadAverage now() {
        try {
            String[] fields = Files.readString(PROC_LOADAVG).trim().split("\\s+");
            return new LoadAverage(Stream.of(fields).limit(3).map(Double::parseDouble).toList());
        } catch (IOException | RuntimeException e) {
            double oneMinute = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new LoadAverage(oneMinute < 0 ? List.of() : List.of(oneMinute));
        }
    }

    @Override
    public String toString() {
        return values.isEmpty() ? "unknown"
                : values.stream().map(value -> String.format(Locale.ROOT, "%.2f", value)).collect(Collectors.joining(" "));
    }
}
