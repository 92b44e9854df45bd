package io.ipsync.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Reads what {@code ls -l} shows, without following links: the mode with its special bits, the owner and the group. */
final class FileModesOnDisk {

    private FileModesOnDisk() {
    }

    /** The permission bits and set-user-ID, set-group-ID and sticky bits, e.g. {@code 02770}. */
    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static String octal(Path path) throws IOException {
        return String.format("%04o", mode(path));
    }

    static void setMode(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    /** Changes the owner of {@code path} itself (a link too), by number: needs root. */
    static void setOwner(Path path, int uid, int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    static boolean runningAsRoot() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }
}
