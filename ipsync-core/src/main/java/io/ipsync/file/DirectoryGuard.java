package io.ipsync.file;

import io.ipsync.FileSharing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses a channel directory that another user could replace or redirect, as OpenSSH's
 * {@code StrictModes} does for {@code ~/.ssh}.
 *
 * <p>Checked, when a channel is opened: the directory itself and every ancestor up to {@code /}
 * that exists (a missing one is skipped: an event's folder may come later), each without
 * following a link; where one of them is a symbolic link, the link itself (its
 * owner), and then the directory's real path and all its ancestors as well. Each must be
 * <ul>
 * <li>owned by this process's user or by root, and
 * <li>not writable by others, and not writable by its group, unless its sticky bit is set
 * ({@code /tmp} and {@code /dev/shm}, mode {@code 1777}, are fine: there only an entry's owner can
 * rename or delete it).
 * </ul>
 * In {@link FileSharing#GROUP} mode, an entry whose group is one of this process's groups may
 * also be owned by another user and be writable by its group: its members are trusted.
 *
 * <p>Only opening is checked: a directory replaced while the channel is open is not noticed.
 * Runs a few {@code lstat}s per open, none per message.
 */
final class DirectoryGuard {

    private static final int STICKY = 01000;

    private static final int GROUP_WRITE = 0020;

    private static final int OTHERS_WRITE = 0002;

    private static final long ROOT = 0;

    private DirectoryGuard() {
    }

    /**
     * @throws UnsafeDirectoryException naming the first unsafe path found, and why
     */
    static void check(Path directory, FileSharing sharing) throws IOException {
        ProcessIdentity me = ProcessIdentity.current();
        Path absolute = directory.toAbsolutePath().normalize();
        if (checkChain(absolute, directory, me, sharing)) {
            Path existing = absolute;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null) {
                checkChain(existing.toRealPath(), directory, me, sharing);
            }
        }
    }

    /** @return whether a symbolic link was on the way */
    private static boolean checkChain(Path start, Path channelDirectory, ProcessIdentity me, FileSharing sharing)
            throws IOException {
        boolean sawLink = false;
        for (Path path = start; path != null; path = path.getParent()) {
            Map<String, Object> attributes;
            try {
                attributes = Files.readAttributes(path, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException notYetCreated) {
                continue;
            }
            long uid = ((Number) attributes.get("uid")).longValue();
            long gid = ((Number) attributes.get("gid")).longValue();
            int mode = (Integer) attributes.get("mode");
            boolean link = (mode & 0170000) == 0120000;
            sawLink |= link;
            boolean trustedGroup = sharing == FileSharing.GROUP && me.isInGroup(gid);
            if (uid != me.uid() && uid != ROOT && !trustedGroup) {
                throw unsafe(path, channelDirectory, "is owned by user " + uid + ", neither this process's user (" + me.uid()
                        + ") nor root" + (sharing == FileSharing.GROUP ? ", and its group " + gid
                                + " is not one of this process's groups" : "")
                        + "; that user could replace or redirect it");
            }
            if (link || (mode & STICKY) != 0) {
                continue;
            }
            if ((mode & OTHERS_WRITE) != 0) {
                throw unsafe(path, channelDirectory, "is writable by every user (mode " + octal(mode)
                        + ") without the sticky bit, so anyone could replace what is in it; remove o+w or add +t");
            }
            if ((mode & GROUP_WRITE) != 0 && !trustedGroup) {
                throw unsafe(path, channelDirectory, "is writable by its group " + gid + " (mode " + octal(mode)
                        + ") without the sticky bit, so the group's members could replace what is in it; remove g+w"
                        + (sharing == FileSharing.GROUP ? ", or make it a group of this process's"
                                : ", or open the channel with FileSharing.GROUP (ipsync.sharing=group) if the group is trusted"));
            }
        }
        return sawLink;
    }

    private static UnsafeDirectoryException unsafe(Path path, Path channelDirectory, String why) {
        return new UnsafeDirectoryException(path, "Refusing " + channelDirectory + ": " + path + " " + why);
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
