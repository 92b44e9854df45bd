package io.ipsync.file;

import io.ipsync.internal.ProcessName;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's identity in a queue: a claim folder for the messages it takes, and a lock file
 * on which it holds an OS file lock for as long as it lives.
 *
 * <p>Liveness is the lock, not a process id: the kernel releases it when the process dies,
 * however it dies, and the lock is seen by every process that shares the file system, also
 * across containers with their own PID namespaces.
 *
 * <p>Invariants, relied on by {@link ClaimReaper}:
 * <ul>
 * <li>a lock file becomes visible already locked: it is created and locked under a temporary
 * name, then renamed into place;
 * <li>the claim folder is created after the lock file is in place, and removed before it: a claim
 * folder without a lock file belongs to an owner that is gone.
 * </ul>
 *
 * <p>OS file locks belong to the process, and closing <em>any</em> channel on the file in the
 * same process releases them. This JVM therefore never opens another channel on a lock file it
 * holds: {@link #isInThisJvm} lets the reaper skip them.
 */
final class ClaimOwner implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ClaimOwner.class);

    /** Ids of the owners whose locks this JVM holds; the reaper must never touch their lock files. */
    private static final Set<String> OWNERS_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private static final int ID_LENGTH = 20;

    private final String id;

    private final QueueDirectory directory;

    /**
     * The lock file, open for as long as this owner lives. Written through the file itself, whose
     * writes an interrupt cannot break off; only the lock goes through its channel, which an
     * interrupt during a channel operation would close, releasing the lock.
     */
    private final RandomAccessFile lockFile;

    private final FileLock lock;

    /** What the lock file says about the process, written again by {@link #keepAlive()}. */
    private final byte[] description;

    private ClaimOwner(String id, QueueDirectory directory, RandomAccessFile lockFile, FileLock lock, byte[] description) {
        this.id = id;
        this.directory = directory;
        this.lockFile = lockFile;
        this.lock = lock;
        this.description = description;
    }

    static ClaimOwner create(QueueDirectory directory) throws IOException {
        directory.createBookkeeping();
        String id = MessageNamer.randomLetters(ID_LENGTH);
        OWNERS_IN_THIS_JVM.add(id);
        Path temp = directory.owners.resolve("." + id + ".lock.tmp");
        RandomAccessFile file = null;
        try {
            directory.modes.createFile(temp).close();
            directory.modes.shareFile(temp); // before locking: changing the mode opens and closes the file
            file = new RandomAccessFile(temp.toFile(), "rw");
            FileLock lock = file.getChannel().tryLock();
            if (lock == null) {
                throw new IOException("Cannot lock the new owner file " + temp);
            }
            byte[] description = describeProcess().getBytes(StandardCharsets.UTF_8);
            writeDescription(file, temp, description);
            Files.move(temp, directory.ownerLock(id), StandardCopyOption.ATOMIC_MOVE);
            directory.modes.ensureDirectory(directory.claimFolder(id));
            return new ClaimOwner(id, directory, file, lock, description);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
                Files.deleteIfExists(directory.ownerLock(id));
            } catch (IOException cleanupFailed) {
                e.addSuppressed(cleanupFailed);
            } finally {
                if (file != null) {
                    file.close();
                }
                OWNERS_IN_THIS_JVM.remove(id);
            }
            throw e;
        }
    }

    static boolean isInThisJvm(String ownerId) {
        return OWNERS_IN_THIS_JVM.contains(ownerId);
    }

    String id() {
        return id;
    }

    Path claimFolder() {
        return directory.claimFolder(id);
    }

    /**
     * Writes the description again, which makes the lock file's modification time now: cleaners
     * of old files (systemd-tmpfiles ages {@code /tmp} by ten days, say) then never take a live
     * consumer's lock file for an abandoned one, which would let reapers take its claims back
     * while it handles them. Written through the open lock file, never through its channel (an
     * interrupt would close it, and the lock with it), nor by path (setting the time by path
     * opens and closes the file, and closing any descriptor of it releases this process's lock:
     * see the class comment). Called every reclaim interval; a failure is only logged.
     */
    synchronized void keepAlive() {
        try {
            lockFile.seek(0);
            lockFile.write(description);
        } catch (IOException e) {
            log.debug("Could not refresh the lock file of consumer {}", id, e);
        }
    }

    /**
     * Gives up the identity. The caller has settled or released every claim first; if claims
     * remain, the folder and lock file stay and another consumer's reaper takes the claims back
     * once the lock is released here.
     */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(claimFolder());
            Files.deleteIfExists(directory.ownerLock(id));
        } catch (DirectoryNotEmptyException claimsLeft) {
            log.warn("Claims are left in {}; another consumer will take them back", claimFolder());
        } finally {
            try {
                lock.release();
            } finally {
                lockFile.close();
                OWNERS_IN_THIS_JVM.remove(id);
            }
        }
    }

    /**
     * Writes which process holds the lock, for people looking at the directory. Only a courtesy:
     * the lock is what counts, so a consumer also starts when the disk is full and the description
     * cannot be written (an empty or partial description is harmless).
     */
    private static void writeDescription(RandomAccessFile file, Path lockFile, byte[] description) {
        try {
            file.write(description);
        } catch (IOException e) {
            log.debug("Could not describe the process in {}; the lock alone marks it alive", lockFile, e);
        }
    }

    private static String describeProcess() {
        return "process=" + ProcessName.current() + "\nstarted=" + Instant.now() + "\n";
    }

    @Override
    public String toString() {
        return "ClaimOwner[" + id + "]";
    }
}
