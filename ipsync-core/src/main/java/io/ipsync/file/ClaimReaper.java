package io.ipsync.file;

import io.ipsync.spi.DeadLetterReason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the messages of consumers that died: any consumer runs it now and then.
 *
 * <p>An owner is dead when its lock can be taken (see {@link ClaimOwner}). The reaper then holds
 * that lock while it moves each claimed message to the retry folder, due at once and with the
 * attempt counted (the consumer may have died <em>because</em> of the message), or to the dead
 * letters if that was its last attempt. Two reapers never work on one owner at once (the lock),
 * and a reaper that dies midway leaves the rest to the next one: every step is a rename.
 */
final class ClaimReaper {

    private static final Logger log = LoggerFactory.getLogger(ClaimReaper.class);

    private final QueueDirectory directory;

    private final DeadLetterBox deadLetters;

    private final int maxAttempts;

    private final Clock clock;

    ClaimReaper(QueueDirectory directory, DeadLetterBox deadLetters, int maxAttempts, Clock clock) {
        this.directory = directory;
        this.deadLetters = deadLetters;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /** @return how many messages were taken back */
    int reapDeadOwners() throws IOException {
        int reclaimed = 0;
        for (Path folder : DirectoryListing.entries(directory.claims, name -> !name.startsWith("."))) {
            String ownerId = folder.getFileName().toString();
            if (!ClaimOwner.isInThisJvm(ownerId)) {
                reclaimed += reapIfDead(ownerId, folder);
            }
        }
        return reclaimed;
    }

    private int reapIfDead(String ownerId, Path folder) throws IOException {
        Path lockFile = directory.ownerLock(ownerId);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
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
        }
    }

    private int returnClaims(String ownerId, Path folder) throws IOException {
        int reclaimed = 0;
        for (Path claimed : DirectoryListing.entries(folder, name -> true)) {
            String name = claimed.getFileName().toString();
            ClaimFileName claim = ClaimFileName.parse(name);
            try {
                if (claim == null) {
                    deadLetters.put(claimed, name, 0, ownerId,
                            DeadLetterReason.of("unrecognised entry in the claim folder of dead consumer " + ownerId));
                } else if (claim.attempt() >= maxAttempts) {
                    deadLetters.put(claimed, claim.message(), claim.attempt(), ownerId, DeadLetterReason.of(
                            "its consumer " + ownerId + " died while handling it, on attempt " + claim.attempt()
                                    + " of " + maxAttempts));
                    log.warn("Dead-lettered {} in {}: its consumer died on its last attempt", claim.message(), directory.root);
                } else {
                    RetryFileName retry = new RetryFileName(clock.millis(), claim.attempt(), claim.message());
                    Files.move(claimed, directory.retries.resolve(retry.format()), StandardCopyOption.ATOMIC_MOVE);
                }
                reclaimed++;
            } catch (NoSuchFileException gone) {
                // another reaper took it first
            }
        }
        if (reclaimed > 0) {
            log.info("Took back {} message(s) claimed by dead consumer {} in {}", reclaimed, ownerId, directory.root);
        }
        return reclaimed;
    }
}
