package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.testing.RawMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryShelfTest {

    /** Longer than the test may take: a message found, found because it was due, not because a poll interval passed. */
    private static final long POLL_NANOS = Duration.ofMinutes(10).toNanos();

    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    /**
     * One thread scans the shelf and finds nothing it can take, while another thread shelves a
     * message due at once (a release, a retry without back-off): the shelf stays due, so the next
     * claim takes that message instead of waiting a poll interval.
     */
    @Test
    void aMessageShelvedWhileAnotherThreadScansIsDueAtOnce() throws Exception {
        Path folder = Files.createDirectories(dir.resolve(".ipsync/retry"));
        Path claims = Files.createDirectories(dir.resolve(".ipsync/claims/me"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        String taken = new RetryFileName(clock.millis() - 1000, 1, RawMessages.name(1)).format();
        Files.createFile(folder.resolve(taken));
        String released = RawMessages.name(2);
        Path claimed = Files.createFile(claims.resolve(new ClaimFileName(2, released).format()));

        AtomicReference<RetryShelf> shelf = new AtomicReference<>();
        FileSteps raceOnTheTakenEntry = new FileSteps() {
            @Override
            public void writeNew(Path file, byte[] content, FileModes modes, DiskSync sync) throws IOException {
                FileSteps.DIRECT.writeNew(file, content, modes, sync);
            }

            @Override
            public void move(Path source, Path target) throws IOException {
                if (source.getFileName().toString().equals(taken)) {
                    // While the scan runs: another consumer takes this entry, and another thread shelves a message.
                    FileSteps.DIRECT.move(source, elsewhere.resolve(taken));
                    shelf.get().shelve(claimed, released, 1, clock.instant());
                    throw new NoSuchFileException(source.toString());
                }
                FileSteps.DIRECT.move(source, target);
            }

            @Override
            public boolean delete(Path file) {
                return FileSteps.DIRECT.delete(file);
            }
        };
        shelf.set(new RetryShelf(folder, clock, POLL_NANOS, raceOnTheTakenEntry));

        assertThat(shelf.get().claimDue(claims)).as("the entry the scan found was taken by another consumer").isNull();
        assertThat(shelf.get().nanosUntilNextScan()).as("the shelf is due at once").isNotPositive();
        RetryShelf.ClaimedFile next = shelf.get().claimDue(claims);
        assertThat(next).isNotNull();
        assertThat(next.name().message()).isEqualTo(released);
        assertThat(next.name().attempt()).isEqualTo(2);
    }

    @Test
    void aScanThatFindsNothingDueWaitsForTheEarliestDueTime() throws Exception {
        Path folder = Files.createDirectories(dir.resolve(".ipsync/retry"));
        Path claims = Files.createDirectories(dir.resolve(".ipsync/claims/me"));
        Files.createFile(folder.resolve(new RetryFileName(clock.millis() + 60_000, 1, RawMessages.name(1)).format()));
        RetryShelf shelf = new RetryShelf(folder, clock, POLL_NANOS, FileSteps.DIRECT);

        assertThat(shelf.claimDue(claims)).isNull();
        assertThat(shelf.nanosUntilNextScan())
                .as("next look when the entry is due, in about a minute, not a poll interval")
                .isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(61).toNanos());
    }
}
