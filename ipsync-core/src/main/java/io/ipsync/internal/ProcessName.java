package io.ipsync.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process as people looking at ipsync's files know it: {@code <pid>@<host>}, the form the
 * JDK's {@code RuntimeMXBean.getName()} gives, without starting the management machinery for it
 * (tens of milliseconds before a consumer's first message). Internal: not part of the API.
 */
public final class ProcessName {

    private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private static final String CURRENT = ProcessHandle.current().pid() + "@" + hostName();

    private ProcessName() {
    }

    /** {@code <pid>@<host>} of this process. */
    public static String current() {
        return CURRENT;
    }

    /** The kernel's host name where it can be read without a name lookup, else the environment's, else "localhost". */
    private static String hostName() {
        try {
            String name = new String(Files.readAllBytes(LINUX_HOSTNAME), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        String fromEnvironment = System.getenv("HOSTNAME");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment.trim() : "localhost";
    }
}
