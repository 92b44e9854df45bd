package io.ipsync.file;

import io.ipsync.spi.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code stat} of a file says about its identity and its last change: the file
 * layout's {@link Version} of an event or data-event file.
 *
 * <p>The modification time alone is what jk_interprocesssync compares, and it misses two
 * signals within one clock tick. The stamp adds the inode (ipsync's signallers replace the file
 * by a rename, so every Java signal gives a new inode), the change time (moved by every write
 * and every {@code utime}, also by Python signallers) and the size. A change of any of them is a
 * signal.
 *
 * @param device the device the file is on
 * @param inode the file's inode number
 * @param modifiedNanos the modification time, nanoseconds since the epoch
 * @param changedNanos the status-change time, nanoseconds since the epoch
 * @param size the size in bytes
 * @param regularFile whether the path names a regular file (a symbolic link is never followed: it is not one)
 */
record FileStamp(long device, long inode, long modifiedNanos, long changedNanos, long size, boolean regularFile) {

    private static final String ATTRIBUTES = "unix:dev,ino,lastModifiedTime,ctime,size,isRegularFile";

    /** Reads the stamp with one {@code stat}; {@code null} when nothing exists at the path. */
    static FileStamp read(Path path) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return null;
        }
        return new FileStamp(
                (Long) attributes.get("dev"),
                (Long) attributes.get("ino"),
                nanos((FileTime) attributes.get("lastModifiedTime")),
                nanos((FileTime) attributes.get("ctime")),
                (Long) attributes.get("size"),
                (Boolean) attributes.get("isRegularFile"));
    }

    /** The version of an event: any change the stamp shows is a signal. */
    Version version() {
        return new Version(device + ":" + inode + "@" + modifiedNanos + "/" + changedNanos + "#" + size);
    }

    /**
     * The version of a data event's value: which file holds it, and the modification time and
     * size that file was written with. A data event's writers (ipsync's and the Python original)
     * put a finished file in place by a rename and never write into it, so this version stays the
     * same for as long as the file is at the path, and names one content.
     *
     * <p>It leaves out the change time on purpose: the kernel moves a file's change time when it
     * deletes the file or replaces it by a rename, a moment before the name leads to the next
     * file. A reader that looks in that moment finds the value it reported already, and under a
     * version with the change time it would report that value again.
     */
    Version valueVersion() {
        return new Version(device + ":" + inode + "@" + modifiedNanos + "#" + size);
    }

    /** Whether {@code other} shows the same {@link #valueVersion()}. */
    boolean sameValueVersion(FileStamp other) {
        return device == other.device && inode == other.inode && modifiedNanos == other.modifiedNanos && size == other.size;
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
