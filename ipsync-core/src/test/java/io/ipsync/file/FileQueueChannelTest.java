package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipsync.QueueOptions;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.testing.RawMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's file layout: where a message is in each state of its life. */
class FileQueueChannelTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    private static final String GONE_OWNER = "GoneOwnerGoneOwnerGo";

    @TempDir
    Path dir;

    private FileQueueChannel open() throws Exception {
        return FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS);
    }

    private FileQueueChannel open(QueueOptions options) throws Exception {
        return FileQueueChannel.open(dir, options, FileSettings.DEFAULTS);
    }

    private FileQueueChannel open(FileSettings settings) throws Exception {
        return FileQueueChannel.open(dir, QueueOptions.DEFAULTS, settings);
    }

    @Test
    void aProducerLeavesNothingButItsMessages() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put(utf8("1"));
            List<String> names = channel.putAll(outgoing("2", "3"));
            assertThat(names).hasSize(2);
            assertThat(RawMessages.names(dir, "")).containsExactlyInAnyOrder(name, names.get(0), names.get(1), ".ipsync");
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync"))).as("only the empty folder of temporary files").isEmpty();
            assertThat(Files.readString(dir.resolve(name))).isEqualTo("1");
        }
    }

    @Test
    void aClaimMovesTheMessageIntoTheConsumersClaimFolderAsAttemptOne() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put(utf8("\"x\""));
            Claim claim = channel.claim(LONG);
            assertThat(claim.messageId()).isEqualTo(name);
            assertThat(claim.attempt()).isEqualTo(1);
            assertThat(new String(claim.content(), StandardCharsets.UTF_8)).isEqualTo("\"x\"");
            assertThat(claim.producerId()).isEqualTo(MessageNames.producer(name));

            List<String> owners = RawMessages.names(dir.resolve(".ipsync/owners"), "");
            assertThat(owners).singleElement().asString().matches("[A-Za-z]{20}\\.lock");
            String owner = owners.get(0).substring(0, 20);
            assertThat(Files.readString(dir.resolve(".ipsync/owners").resolve(owners.get(0)))).startsWith("process=");
            assertThat(claim.locator()).isEqualTo(dir.resolve(".ipsync/claims").resolve(owner).resolve("1-" + name));
            assertThat(RawMessages.waiting(dir)).isEmpty();

            channel.acknowledge(claim);
            assertThat((Path) claim.locator()).doesNotExist();
            assertThatThrownBy(() -> channel.acknowledge(claim)).isInstanceOf(ClaimLostException.class)
                    .hasMessageContaining("not claimed by this consumer");
        }
    }

    @Test
    void retryLaterNamesTheDueTimeAndTheAttemptsMade() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put(utf8("1"));
            Claim claim = channel.claim(LONG);
            Instant due = Instant.parse("2100-01-01T00:00:00.123Z");
            channel.retryLater(claim, due);
            assertThat(RawMessages.names(dir.resolve(".ipsync/retry"), ""))
                    .containsExactly(due.toEpochMilli() + "-1-" + name);
            assertThat(channel.size()).as("a scheduled retry still counts").isEqualTo(1);
            assertThat(channel.claim(0)).as("not due").isNull();
        }
    }

    @Test
    void releasingAFirstAttemptRestoresTheMessageUnderItsName() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put(utf8("1"));
            channel.release(channel.claim(LONG));
            assertThat(RawMessages.waiting(dir)).containsExactly(name);
            assertThat(channel.claim(LONG).attempt()).isEqualTo(1);
        }
    }

    @Test
    void releasingALaterAttemptSchedulesItAtOnceWithTheAttemptsCounted() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put(utf8("1"));
            channel.retryLater(channel.claim(LONG), Instant.EPOCH);
            Claim second = channel.claim(LONG);
            assertThat(second.attempt()).isEqualTo(2);
            long before = System.currentTimeMillis();
            channel.release(second);
            long after = System.currentTimeMillis();
            String retry = RawMessages.names(dir.resolve(".ipsync/retry"), "").get(0);
            assertThat(RetryFileName.parse(retry).failedAttempts()).isEqualTo(1);
            assertThat(RetryFileName.parse(retry).message()).isEqualTo(name);
            assertThat(RetryFileName.parse(retry).dueEpochMillis()).isBetween(before, after);
            assertThat(channel.claim(LONG).attempt()).as("the release did not count").isEqualTo(2);
        }
    }

    @Test
    void deadLetterMovesTheMessageBesideItsReason() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put(utf8("1"));
            channel.deadLetter(channel.claim(LONG), new DeadLetterReason("no use", new IllegalStateException("why")));
            Path dead = dir.resolve(".ipsync/dead");
            assertThat(RawMessages.names(dead, "")).containsExactly(name, "reason-" + name + ".json");
            assertThat(Files.readString(dead.resolve("reason-" + name + ".json")))
                    .contains("\"reason\" : \"no use\"")
                    .contains("\"exception\" : \"java.lang.IllegalStateException: why\"");
            assertThat(channel.stats().deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void closingReleasesUnsettledClaimsAndGivesUpTheIdentity() throws Exception {
        FileQueueChannel channel = open();
        String name = channel.put(utf8("1"));
        Claim claim = channel.claim(LONG);
        channel.close();
        assertThat(RawMessages.waiting(dir)).containsExactly(name);
        assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).isEmpty();
        assertThat(RawMessages.names(dir.resolve(".ipsync/claims"), "")).as("claim folder removed").isEmpty();
        assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/owners"))).isEmpty();
        assertThatThrownBy(() -> channel.acknowledge(claim)).isInstanceOf(ClaimLostException.class);
        assertThatThrownBy(() -> channel.claim(0)).hasMessageContaining("closed");
    }

    @Test
    void aLiveConsumerInThisJvmIsNeverReaped() throws Exception {
        QueueOptions quickReclaim = QueueOptions.builder().reclaimInterval(Duration.ofMillis(1)).build();
        try (FileQueueChannel owner = open(quickReclaim); FileQueueChannel other = open(quickReclaim)) {
            owner.put(utf8("1"));
            Claim claim = owner.claim(LONG);
            assertThat(other.claim(TimeUnit.MILLISECONDS.toNanos(100))).isNull();
            assertThat(other.reclaimAbandoned()).isZero();
            assertThat((Path) claim.locator()).exists();
            owner.acknowledge(claim);
        }
    }

    @Test
    void claimsOfAConsumerThatIsGoneAreTakenBackWithTheAttemptCounted() throws Exception {
        String name = RawMessages.name(7);
        Path goneClaims = leftByAConsumerThatDied();
        Files.writeString(goneClaims.resolve("2-" + name), "\"orphan\"");
        try (FileQueueChannel channel = open()) {
            long before = System.currentTimeMillis();
            assertThat(channel.reclaimAbandoned()).isEqualTo(1);
            String retry = RawMessages.names(dir.resolve(".ipsync/retry"), "").get(0);
            assertThat(RetryFileName.parse(retry)).satisfies(r -> {
                assertThat(r.message()).isEqualTo(name);
                assertThat(r.failedAttempts()).isEqualTo(2);
                assertThat(r.dueEpochMillis()).isBetween(before, System.currentTimeMillis());
            });
            assertThat(goneClaims).doesNotExist();
            assertThat(dir.resolve(".ipsync/owners").resolve(GONE_OWNER + ".lock")).doesNotExist();

            Claim claim = channel.claim(LONG);
            assertThat(claim.messageId()).isEqualTo(name);
            assertThat(claim.attempt()).isEqualTo(3);
            assertThat(new String(claim.content(), StandardCharsets.UTF_8)).isEqualTo("\"orphan\"");
        }
    }

    @Test
    void aClaimOnItsLastAttemptWhenItsConsumerDiedComesBackCountedAndAStrayEntryIsDeadLettered() throws Exception {
        String name = RawMessages.name(7);
        Path goneClaims = leftByAConsumerThatDied();
        Files.writeString(goneClaims.resolve("3-" + name), "\"killer\"");
        Files.writeString(goneClaims.resolve("stray"), "?");
        try (FileQueueChannel channel = open(QueueOptions.builder().maxAttempts(3).build())) {
            Claim claim = channel.claim(0);
            assertThat(claim.messageId()).isEqualTo(name);
            assertThat(claim.attempt()).as("the attempt of the dead consumer counts; the layer above decides").isEqualTo(4);
            assertThat(Files.readString(dir.resolve(".ipsync/dead/reason-stray.json"))).contains("unrecognised entry");
            assertThat(goneClaims).doesNotExist();
        }
    }

    @Test
    void staleTemporaryFilesOfPythonAndIpsyncProducersAreSweptAndFreshOnesKept() throws Exception {
        Path incoming = Files.createDirectories(dir.resolve(".ipsync/incoming"));
        Path stale = Files.writeString(dir.resolve("tmp_q_0000000000000000001_Stale.tmp"), "half");
        Path staleOfIpsync = Files.writeString(incoming.resolve("tmp_q_0000000000000000001_Ipsync.tmp"), "half");
        for (Path old : List.of(stale, staleOfIpsync)) {
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        Path fresh = Files.writeString(dir.resolve("tmp_q_0000000000000000002_Fresh.tmp"), "half");
        Path freshOfIpsync = Files.writeString(incoming.resolve("tmp_q_0000000000000000002_Ipsync.tmp"), "half");
        try (FileQueueChannel channel = open(FileSettings.builder().staleTempFileAge(Duration.ofMinutes(10)).build())) {
            assertThat(channel.claim(0)).isNull();
        }
        assertThat(stale).doesNotExist();
        assertThat(staleOfIpsync).doesNotExist();
        assertThat(fresh).exists();
        assertThat(freshOfIpsync).exists();
    }

    @Test
    void aPutLeavesNoTemporaryFileAndOnlyTheMessageAtTheTopOfTheQueue() throws Exception {
        try (FileQueueChannel channel = open()) {
            String name = channel.put("1".getBytes(StandardCharsets.UTF_8));

            assertThat(RawMessages.waiting(dir)).containsExactly(name);
            assertThat(RawMessages.names(dir, "tmp_")).isEmpty();
            assertThat(RawMessages.names(dir.resolve(".ipsync/incoming"), "")).isEmpty();
        }
    }

    @Test
    void aReleasedMessageAndThoseListedWithItAreTakenAtOnceNotAfterThePollInterval() throws Exception {
        try (FileQueueChannel channel = open(FileSettings.builder().pollInterval(Duration.ofMinutes(1)).build())) {
            List<String> names = channel.putAll(outgoing("1", "2", "3"));
            Claim first = channel.claim(0);
            assertThat(first.messageId()).isEqualTo(names.get(0));

            channel.release(first);
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Claim claim = channel.claim(0);
                assertThat(claim).as("message %d of 3 after the release, without waiting", i + 1).isNotNull();
                taken.add(claim.messageId());
                channel.acknowledge(claim);
            }

            assertThat(taken).containsExactlyElementsOf(names);
        }
    }

    @Test
    void messagesThatArriveAfterTheConsumerHasTakenEverythingAreTakenInTheOrderTheyArrived() throws Exception {
        try (FileQueueChannel channel = open(FileSettings.builder().pollInterval(Duration.ofMinutes(1)).build())) {
            assertThat(channel.claim(0)).as("reads the whole (empty) directory").isNull();
            assumeTrue(channel.isWatching(), "file-system notifications are needed for this behaviour");
            // Two producers whose clocks disagree: the later arrival has the older name.
            RawMessages.write(dir, "q_0000000000000000002_Later", "2");
            RawMessages.write(dir, "q_0000000000000000001_Sooner", "1");

            Claim first = channel.claim(TimeUnit.SECONDS.toNanos(30));
            Claim second = channel.claim(TimeUnit.SECONDS.toNanos(30));

            assertThat(first.messageId()).isEqualTo("q_0000000000000000002_Later");
            assertThat(second.messageId()).isEqualTo("q_0000000000000000001_Sooner");
        }
    }

    @Test
    void entriesNotNamedLikeMessagesAreInvisible() throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "not a message");
        Files.writeString(dir.resolve("tmp_q_1_x.tmp"), "being written");
        Files.writeString(dir.resolve(".hidden"), "x");
        Files.createDirectory(dir.resolve("folder"));
        try (FileQueueChannel channel = open()) {
            assertThat(channel.size()).isZero();
            assertThat(channel.stats().waiting()).isZero();
            assertThat(channel.claim(0)).isNull();
        }
        assertThat(dir.resolve("readme.txt")).exists();
    }

    @Test
    void aConsumerWatchesTheQueueDirectoryAndAProducerDoesNot() throws Exception {
        try (FileQueueChannel channel = open()) {
            channel.put(new byte[0]);
            assertThat(channel.isWatching()).isFalse();
            assertThat(channel.claim(0)).isNotNull();
            assertThat(channel.isWatching()).isTrue();
        }
    }

    /**
     * What a consumer whose process died leaves behind: the bookkeeping folders it created, its
     * lock file, no longer locked (the kernel released the lock with the process), and its claim
     * folder.
     */
    private Path leftByAConsumerThatDied() throws Exception {
        Files.createDirectories(dir.resolve(".ipsync/retry"));
        Files.createDirectories(dir.resolve(".ipsync/dead"));
        Path owners = Files.createDirectories(dir.resolve(".ipsync/owners"));
        Files.writeString(owners.resolve(GONE_OWNER + ".lock"), "process=1@gone\n");
        return Files.createDirectories(dir.resolve(".ipsync/claims").resolve(GONE_OWNER));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<OutgoingMessage> outgoing(String... jsons) {
        return Arrays.stream(jsons).map(json -> new OutgoingMessage(utf8(json))).toList();
    }
}
