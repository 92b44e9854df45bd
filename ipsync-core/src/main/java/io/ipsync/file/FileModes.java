package io.ipsync.file;

import io.ipsync.FileSharing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates ipsync's directories and files with the permissions of a {@link FileSharing} mode, and
 * refuses to use anything in their place that is not a real directory.
 *
 * <ul>
 * <li>Files get their mode from {@code open(2)} itself ({@code 0600}, or {@code 0660} when shared
 * with the group): no window in which they are wider, and no system call beyond the open. The
 * umask may take bits away.
 * <li>Directories are created with {@code 0700}, or {@code 0770}, and in group mode are then set to
 * {@code 2770} explicitly (a {@link PosixFilePermission} cannot express set-group-ID, and the umask
 * would otherwise take group write away); a directory is created once, not per message.
 * <li>Nothing is followed through a symbolic link: a link, or a file, where ipsync expects one of
 * its directories is an error naming the path.
 * </ul>
 */
final class FileModes {

    private static final Set<OpenOption> CREATE_NEW_FOR_WRITING = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private static final int GROUP_READ = 0040;

    private static final int SHARED_DIRECTORY_MODE = 02770;

    private static final int SHARED_FILE_MODE = 0660;

    private static final FileModes PRIVATE = new FileModes(FileSharing.PRIVATE, "rwx------", "rw-------");

    private static final FileModes GROUP = new FileModes(FileSharing.GROUP, "rwxrwx---", "rw-rw----");

    private final FileSharing sharing;

    private final FileAttribute<Set<PosixFilePermission>> directoryMode;

    private final FileAttribute<Set<PosixFilePermission>> fileMode;

    private FileModes(FileSharing sharing, String directoryMode, String fileMode) {
        this.sharing = sharing;
        this.directoryMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directoryMode));
        this.fileMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(fileMode));
    }

    static FileModes of(FileSharing sharing) {
        return sharing == FileSharing.GROUP ? GROUP : PRIVATE;
    }

    FileSharing sharing() {
        return sharing;
    }

    /**
     * Checks that files created in this mode are usable by those they are meant for: in group mode
     * the umask must leave group read, or the group could not read a single message.
     *
     * @throws IOException naming the umask and what to set instead
     */
    void requireUsableUmask(Path where) throws IOException {
        int umask = ProcessIdentity.current().umask();
        if (sharing == FileSharing.GROUP && umask >= 0 && (umask & GROUP_READ) != 0) {
            throw new IOException("Cannot share " + where + " with the group: this process's umask "
                    + String.format("%04o", umask) + " takes group read away from every file it creates; run it with"
                    + " umask 007 or 027");
        }
    }

    /** Opens a new file for writing, with this mode's permissions; fails if anything, a link too, exists there. */
    FileChannel createFile(Path file) throws IOException {
        return FileChannel.open(file, CREATE_NEW_FOR_WRITING, fileMode);
    }

    /** The permissions a new file gets from {@code open(2)}, for opening files with other options. */
    FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return fileMode;
    }

    /**
     * Gives a file this process created group write as well, whatever the umask took away (lock
     * files, which another user's consumer must open for writing to lock). Never follows a link.
     */
    void shareFile(Path file) throws IOException {
        if (sharing == FileSharing.GROUP) {
            Files.setAttribute(file, "unix:mode", SHARED_FILE_MODE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Creates one directory in this mode, or accepts the real directory already there.
     *
     * @throws IOException when a symbolic link or anything else but a directory is in its place
     */
    void ensureDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory, directoryMode);
            if (sharing == FileSharing.GROUP) {
                Files.setAttribute(directory, "unix:mode", SHARED_DIRECTORY_MODE, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (FileAlreadyExistsException exists) {
            // checked below, as is a directory that was replaced right after its creation
        }
        requireRealDirectory(directory);
    }

    /**
     * Creates a directory and its missing parents, each in this mode; existing ones stay as they
     * are (a link the user chose to a directory among them too).
     *
     * @throws NotDirectoryException when a file is in the way
     */
    void ensureDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new NotDirectoryException(absolute.toString());
            }
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            ensureDirectories(parent);
        }
        ensureDirectory(absolute);
    }

    /**
     * Checks, without following a link, that {@code directory} is a directory.
     *
     * @throws NoSuchFileException when nothing is there
     * @throws IOException naming the path when a symbolic link or something else is there
     */
    static void requireRealDirectory(Path directory) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new IOException(directory + " is a symbolic link where ipsync keeps a folder of its own; ipsync never"
                    + " follows links there. Remove the link (ipsync creates the folder again)");
        }
        if (!attributes.isDirectory()) {
            throw new IOException(directory + " is not a directory, but ipsync keeps a folder of its own there; remove it");
        }
    }
}
