package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.QueueOptions;
import io.ipsync.testing.RawMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer killed while it starts leaves a lock file, or a temporary one, without a claim
 * folder; the next consumer's reaper removes them, but never one that may still be in use. A live
 * consumer's lock file never looks abandoned to a cleaner of old files.
 */
class AbandonedLockFilesTest {

    private static final String GONE = "GoneOwnerGoneOwnerGo";

    @TempDir
    Path dir;

    @Test
    void lockFileOfAConsumerThatDiedBeforeItHadAClaimFolderIsRemoved() throws Exception {
        Path owners = Files.createDirectories(dir.resolve(".ipsync/owners"));
        Files.writeString(owners.resolve(GONE + ".lock"), "process=gone");
        try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            channel.put("1".getBytes());
            assertThat(channel.claim(0)).isNotNull();
            assertThat(RawMessages.names(owners, "")).as("only the live consumer's lock file")
                    .singleElement().asString().doesNotStartWith(GONE);
        }
    }

    /**
     * Cleaners of old files (systemd-tmpfiles ages /tmp by ten days) delete files that nobody
     * wrote for long: a live consumer writes its lock file every reclaim interval, so that its
     * claims are never taken back from under it.
     */
    @Test
    void aLiveConsumerKeepsItsLockFileFreshForCleanersOfOldFiles() throws Exception {
        QueueOptions options = QueueOptions.builder().reclaimInterval(Duration.ofMillis(100)).build();
        try (FileQueueChannel channel = FileQueueChannel.open(dir, options, FileSettings.DEFAULTS)) {
            assertThat(channel.claim(0)).as("nothing to take; it is a consumer now").isNull();
            Path lockFile = dir.resolve(".ipsync/owners").resolve(RawMessages.names(dir.resolve(".ipsync/owners"), "").get(0));
            // Aged by another process, as a cleaner would find it: opening the file in this one would drop the lock.
            Process touch = new ProcessBuilder("touch", "-m", "-d", "@" + Instant.now().minus(Duration.ofDays(11)).getEpochSecond(),
                    lockFile.toString()).inheritIO().start();
            assertThat(touch.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.getLastModifiedTime(lockFile).toInstant()).isBefore(Instant.now().minus(Duration.ofDays(10)));

            await("the lock file written again").atMost(Duration.ofSeconds(30)).until(() -> {
                channel.claim(TimeUnit.MILLISECONDS.toNanos(100));
                return Files.getLastModifiedTime(lockFile).toInstant().isAfter(Instant.now().minus(Duration.ofHours(1)));
            });
            assertThat(Files.readString(lockFile)).as("still describes the process").startsWith("process=");
        }
    }

    @Test
    void temporaryLockFileIsRemovedOnlyOnceItIsOld() throws Exception {
        Path owners = Files.createDirectories(dir.resolve(".ipsync/owners"));
        Path old = Files.writeString(owners.resolve("." + GONE + ".lock.tmp"), "");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(ClaimReaper.ABANDONED_TEMP_LOCK_AGE).minusSeconds(1)));
        Path young = Files.writeString(owners.resolve(".YoungOwnerYoungOwne.lock.tmp"), "");
        try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            channel.put("1".getBytes());
            assertThat(channel.claim(0)).isNotNull();
            assertThat(old).doesNotExist();
            assertThat(young).as("perhaps a consumer starting this very moment").exists();
        }
    }

    @Test
    void oddEntriesAmongTheLockFilesAreLeftAloneAndKeepNoOtherFromBeingRemoved() throws Exception {
        Path owners = Files.createDirectories(dir.resolve(".ipsync/owners"));
        Path target = Files.writeString(dir.resolve("elsewhere"), "not a lock file");
        Path link = Files.createSymbolicLink(owners.resolve("Linked.lock"), target);
        Path bare = Files.writeString(owners.resolve(".lock.tmp"), "");
        Files.setLastModifiedTime(bare, FileTime.from(Instant.now().minus(ClaimReaper.ABANDONED_TEMP_LOCK_AGE).minusSeconds(1)));
        Path abandoned = Files.writeString(owners.resolve(GONE + ".lock"), "process=gone");
        try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            channel.put("1".getBytes());
            assertThat(channel.claim(0)).isNotNull();
            assertThat(channel.reclaimAbandoned()).as("a second pass does not fail either").isZero();
        }
        assertThat(abandoned).doesNotExist();
        assertThat(link).as("never followed, left alone").isSymbolicLink();
        assertThat(target).hasContent("not a lock file");
        assertThat(bare).as("no owner in its name: not a lock file ipsync gives").exists();
    }
}
