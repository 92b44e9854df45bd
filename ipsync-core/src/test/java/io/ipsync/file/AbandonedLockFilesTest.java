package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueOptions;
import io.ipsync.testing.RawMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer killed while it starts leaves a lock file, or a temporary one, without a claim
 * folder; the next consumer's reaper removes them, but never one that may still be in use.
 */
class AbandonedLockFilesTest {

    private static final String GONE = "GoneOwnerGoneOwnerGo";

    @TempDir
    Path dir;

    @Test
    void lockFileOfAConsumerThatDiedBeforeItHadAClaimFolderIsRemoved() throws Exception {
        Path owners = Files.createDirectories(dir.resolve(".ipsync/owners"));
        Files.writeString(owners.resolve(GONE + ".lock"), "process=gone");
        try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS)) {
            channel.put("1".getBytes());
            assertThat(channel.claim(0)).isNotNull();
            assertThat(RawMessages.names(owners, "")).as("only the live consumer's lock file")
                    .singleElement().asString().doesNotStartWith(GONE);
        }
    }

    @Test
    void temporaryLockFileIsRemovedOnlyOnceItIsOld() throws Exception {
        Path owners = Files.createDirectories(dir.resolve(".ipsync/owners"));
        Path old = Files.writeString(owners.resolve("." + GONE + ".lock.tmp"), "");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(ClaimReaper.ABANDONED_TEMP_LOCK_AGE).minusSeconds(1)));
        Path young = Files.writeString(owners.resolve(".YoungOwnerYoungOwne.lock.tmp"), "");
        try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS)) {
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
        try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS)) {
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
