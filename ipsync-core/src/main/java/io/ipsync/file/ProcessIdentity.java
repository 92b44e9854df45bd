package io.ipsync.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who this process is to the file system: its effective user id, its groups and its umask, read
 * once from {@code /proc/self/status} (Linux). Where that file is missing, the user and group are
 * those of a file the process creates, and its supplementary groups and umask are unknown (the
 * group mode's umask check is then skipped).
 *
 * <p>The JDK's {@code com.sun.security.auth.module.UnixSystem} is not used: for a user id without
 * an entry in the password database it reports user 0.
 *
 * @param uid the effective user id
 * @param groups the effective group id and the supplementary groups
 * @param umask the file mode creation mask, or {@code -1} when unknown
 */
record ProcessIdentity(long uid, Set<Long> groups, int umask) {

    private static final Path STATUS = Path.of("/proc/self/status");

    private static volatile ProcessIdentity current;

    /** This process; read on first use. */
    static ProcessIdentity current() {
        ProcessIdentity identity = current;
        if (identity == null) {
            try {
                identity = Files.exists(STATUS) ? fromStatus(Files.readAllLines(STATUS)) : fromProbeFile();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot tell which user this process runs as", e);
            }
            current = identity;
        }
        return identity;
    }

    boolean isInGroup(long gid) {
        return groups.contains(gid);
    }

    /** Parses the {@code Uid:}, {@code Gid:}, {@code Groups:} and {@code Umask:} lines of {@code /proc/<pid>/status}. */
    static ProcessIdentity fromStatus(List<String> lines) throws IOException {
        long uid = -1;
        Set<Long> groups = new HashSet<>();
        int umask = -1;
        for (String line : lines) {
            String[] fields = line.split("\\s+");
            switch (fields[0]) {
                case "Uid:" -> uid = Long.parseLong(fields[2]);
                case "Gid:" -> groups.add(Long.parseLong(fields[2]));
                case "Groups:" -> {
                    for (int i = 1; i < fields.length; i++) {
                        groups.add(Long.parseLong(fields[i]));
                    }
                }
                case "Umask:" -> umask = Integer.parseInt(fields[1], 8);
                default -> {
                    // not needed
                }
            }
        }
        if (uid < 0 || groups.isEmpty()) {
            throw new IOException(STATUS + " names no Uid or Gid");
        }
        return new ProcessIdentity(uid, Set.copyOf(groups), umask);
    }

    private static ProcessIdentity fromProbeFile() throws IOException {
        Path probe = Files.createTempFile("ipsync-identity", ".probe");
        try {
            Map<String, Object> owner = Files.readAttributes(probe, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
            return new ProcessIdentity(((Number) owner.get("uid")).longValue(), Set.of(((Number) owner.get("gid")).longValue()), -1);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
