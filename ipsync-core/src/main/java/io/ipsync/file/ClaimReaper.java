package io.ipsync.file;

import io.ipsync.spi.DeadLetterReason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the messages of consumers that died: any consumer runs it now and then.
 *
 * <p>An owner is dead when its lock can be taken (see {@link ClaimOwner}). The reaper then holds
 * that lock while it moves each claimed message to the retry shelf, due at once and with the
 * attempt counted (the consumer may have died <em>because</em> of the message; the layer above
 * dead-letters a message whose attempts are used up when it is next claimed). A reaper that dies
 * midway leaves the rest to the next one: every step is a rename.
 *
 * <p>It also removes the lock files of consumers that died while they were being created, and so
 * never got a claim folder: a lock file without a claim folder whose lock can be taken, and a
 * temporary lock file ({@code .<owner>.lock.tmp}) whose lock can be taken and that is older than
 * {@link #ABANDONED_TEMP_LOCK_AGE} (its creator locks it a moment after creating it).
 *
 * <p>Two reapers never work on one owner at once: across processes the owner's lock keeps them
 * apart; within this JVM a set of the lock files being reaped does, because a second channel on
 * a lock file, once closed, would release the first reaper's lock (OS file locks belong to the
 * process). The set is per class loader: two copies of ipsync loaded by different class loaders
 * in one JVM must not consume from the same queue.
 */
final class ClaimReaper {

    private static final Logger log = LoggerFactory.getLogger(ClaimReaper.class);

    /** Lock files that some reaper in this JVM has open; no other channel may be opened on them. */
    private static final Set<Path> LOCKS_BEING_REAPED = ConcurrentHashMap.newKeySet();

    /** A lock file is opened, or created if missing, and never through a symbolic link. */
    private static final Set<OpenOption> LOCK_OPTIONS =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    /** How old an unlocked temporary lock file must be to be abandoned; a live consumer locks it microseconds after creating it. */
    static final Duration ABANDONED_TEMP_LOCK_AGE = Duration.ofMinutes(1);

    private static final String LOCK_SUFFIX = ".lock";

    private static final String TEMP_LOCK_SUFFIX = ".lock.tmp";

    private final QueueDirectory directory;

    /** Claim folders and lock files already warned about, so that one broken entry is not logged every reclaim interval. */
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    private final DeadLetterBox deadLetters;

    private final RetryShelf retries;

    private final Clock clock;

    ClaimReaper(QueueDirectory directory, DeadLetterBox deadLetters, RetryShelf retries, Clock clock) {
        this.directory = directory;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.clock = clock;
    }

    /** @return how many messages were taken back */
    int reapDeadOwners() throws IOException {
        int reclaimed = 0;
        for (Path folder : DirectoryListing.entries(directory.claims, name -> !name.startsWith("."))) {
            String ownerId = folder.getFileName().toString();
            if (ClaimOwner.isInThisJvm(ownerId)) {
                continue;
            }
            try {
                FileModes.requireRealDirectory(folder);
            } catch (NoSuchFileException reapedMeanwhile) {
                continue;
            } catch (IOException notAClaimFolder) {
                // never followed: a link here could lead the reaper to move any folder's files into the queue
                warnOnce(folder, "Ignoring " + folder + ": " + notAClaimFolder.getMessage());
                continue;
            }
            try {
                reclaimed += reapIfDead(ownerId, folder);
            } catch (IOException e) {
                // one owner's broken files (a link where its lock file belongs, say) must not keep the others' claims
                warnOnce(folder, "Could not take back the claims in " + folder + ": " + e);
            }
        }
        removeAbandonedLockFiles();
        return reclaimed;
    }

    /** Removes the lock files of consumers that died before they had a claim folder. */
    private void removeAbandonedLockFiles() throws IOException {
        for (Path lockFile : DirectoryListing.entries(directory.owners, ClaimReaper::isLockFileName)) {
            String name = lockFile.getFileName().toString();
            boolean temporary = name.endsWith(TEMP_LOCK_SUFFIX);
            String ownerId = temporary ? name.substring(1, name.length() - TEMP_LOCK_SUFFIX.length())
                    : name.substring(0, name.length() - LOCK_SUFFIX.length());
            if (ClaimOwner.isInThisJvm(ownerId) || Files.exists(directory.claimFolder(ownerId), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                if (temporary && Files.getLastModifiedTime(lockFile, LinkOption.NOFOLLOW_LINKS).toInstant()
                        .isAfter(clock.instant().minus(ABANDONED_TEMP_LOCK_AGE))) {
                    continue;
                }
                removeIfUnlocked(lockFile);
            } catch (NoSuchFileException gone) {
                // removed by another reaper, or renamed into place by its live owner
            } catch (IOException e) {
                // one odd entry (a link, another user's file) must not keep the others, nor the claims, from being reaped
                warnOnce(lockFile, "Could not remove the abandoned lock file " + lockFile + ": " + e);
            }
        }
    }

    /** {@code <owner>.lock}, or {@code .<owner>.lock.tmp}, with a non-empty owner. */
    private static boolean isLockFileName(String name) {
        return name.startsWith(".")
                ? name.endsWith(TEMP_LOCK_SUFFIX) && name.length() > TEMP_LOCK_SUFFIX.length() + 1
                : name.endsWith(LOCK_SUFFIX) && name.length() > LOCK_SUFFIX.length();
    }

    private void removeIfUnlocked(Path lockFile) throws IOException {
        if (!LOCKS_BEING_REAPED.add(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return;
            }
            try {
                Files.deleteIfExists(lockFile);
                log.info("Removed {}: the lock file of a consumer that died while it started", lockFile);
            } finally {
                lock.release();
            }
        } catch (OverlappingFileLockException heldHere) {
            // locked in this JVM: alive
        } finally {
            LOCKS_BEING_REAPED.remove(lockFile);
        }
    }

    private void warnOnce(Path entry, String message) {
        if (warned.add(entry)) {
            log.warn(message);
        } else {
            log.debug(message);
        }
    }

    private int reapIfDead(String ownerId, Path folder) throws IOException {
        Path lockFile = directory.ownerLock(ownerId);
        if (!LOCKS_BEING_REAPED.add(lockFile)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(lockFile, LOCK_OPTIONS, directory.modes.fileAttribute())) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return 0;
            }
            try {
                int reclaimed = returnClaims(ownerId, folder);
                try {
                    Files.deleteIfExists(folder);
                    Files.deleteIfExists(lockFile);
                } catch (DirectoryNotEmptyException unexpected) {
                    log.warn("Could not empty the claim folder {}; will try again", folder);
                }
                return reclaimed;
            } finally {
                lock.release();
            }
        } catch (OverlappingFileLockException heldHere) {
            return 0;
        } finally {
            LOCKS_BEING_REAPED.remove(lockFile);
        }
    }

    private int returnClaims(String ownerId, Path folder) throws IOException {
        int reclaimed = 0;
        for (Path claimed : DirectoryListing.entries(folder, name -> true)) {
            String name = claimed.getFileName().toString();
            ClaimFileName claim = ClaimFileName.parse(name);
            try {
                if (claim == null) {
                    DeadLetterReason reason = DeadLetterReason.of("unrecognised entry in the claim folder of dead consumer " + ownerId);
                    deadLetters.put(claimed, name, 0, ownerId, Map.of(), reason);
                    log.warn("Dead-lettered {} from {}: {}", name, directory.root, reason.description());
                } else {
                    retries.shelve(claimed, claim.message(), claim.attempt(), clock.instant());
                }
                reclaimed++;
            } catch (NoSuchFileException gone) {
                // another reaper took it first
            } catch (IOException e) {
                // One entry that cannot be moved (an unrecognised one whose dead letter cannot be
                // stored, say) must not keep the others from coming back; it is tried again next time.
                warnOnce(claimed, "Could not take back " + name + " claimed by dead consumer " + ownerId + " in "
                        + directory.root + " (" + e + "); will try again every reclaim interval");
            }
        }
        if (reclaimed > 0) {
            log.info("Took back {} message(s) claimed by dead consumer {} in {}", reclaimed, ownerId, directory.root);
        }
        return reclaimed;
    }
}
