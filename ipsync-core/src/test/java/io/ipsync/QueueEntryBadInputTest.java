package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.file.FileSettings;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.process.Job;
import io.ipsync.process.QueueConsumerMain;
import io.ipsync.testing.ChildJvm;
import io.ipsync.testing.RawMessages;
import io.ipsync.testing.SharedMemoryTempDirFactory;
import io.ipsync.testing.StandardErrorCapture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entries in a queue directory that are not what a producer writes: special files, links and
 * huge files named like messages, odd names, foreign files, and damage to the directory and to
 * ipsync's own bookkeeping. Whatever it is, the consumer says clearly what it did with it (a
 * warning naming the entry and the queue), goes on, and loses nothing valid; entries that are not
 * named like messages are never touched.
 */
class QueueEntryBadInputTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Older than anything put now, so the consumer meets it before the valid message. */
    private static final String BAD = RawMessages.name(1);

    @TempDir
    Path dir;

    // ---- entries named like messages that are not regular files

    @Test
    void unixDomainSocketNamedLikeAMessageIsDeadLetteredUnopened() throws Exception {
        Path socketPath = dir.resolve(BAD);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                StandardErrorCapture log = new StandardErrorCapture()) {
            server.bind(UnixDomainSocketAddress.of(socketPath));
            assertThat(Files.readAttributes(socketPath, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isNotEmpty();
            try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
                assertNextReceivedIsValidMessagePutAfter(queue);
            }
            assertDeadLetterWarning(log, "special file");
        }
        assertThat(reasonOf(BAD)).contains("not a regular file but a special file");
        assertThat(Files.isRegularFile(deadLetters().resolve(BAD), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void characterDeviceNamedLikeAMessageIsDeadLetteredUnread() throws Exception {
        // The same device as /dev/zero: read, it would never end.
        assumeThat(run("mknod", dir.resolve(BAD).toString(), "c", "1", "5"))
                .as("mknod works here (needs root and a file system that allows devices)").isTrue();
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertDeadLetterWarning(log, "special file");
        }
        assertThat(reasonOf(BAD)).contains("special file (FIFO, socket or device)");
    }

    @Test
    void danglingSymbolicLinkNamedLikeAMessageIsDeadLettered() throws Exception {
        Path missingTarget = dir.resolveSibling(dir.getFileName() + "-nothing-here");
        Files.createSymbolicLink(dir.resolve(BAD), missingTarget);
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertDeadLetterWarning(log, "symbolic link (never followed)");
        }
        assertThat(Files.isSymbolicLink(deadLetters().resolve(BAD))).isTrue();
        assertThat(missingTarget).as("nothing was created through the link").doesNotExist();
    }

    @Test
    void symbolicLinkToAFolderNamedLikeAMessageIsNeverFollowed(@TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("q_0000000000000000002_Inside"), "\"not for this queue\"");
        Files.createSymbolicLink(dir.resolve(BAD), outside);
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertDeadLetterWarning(log, "symbolic link (never followed)");
        }
        assertThat(RawMessages.filesBelow(outside)).containsExactly("q_0000000000000000002_Inside");
        assertThat(secret).hasContent("\"not for this queue\"");
    }

    // ---- too large, unreadable, vanishing

    /**
     * A sparse file larger than the heap (and than any Java array) is refused from its size alone:
     * it is never opened, which its access time shows (tmpfs and relatime update the access time of
     * a file whose access time is older than a day when it is read).
     */
    @Test
    void fileOfSeveralGigabytesIsDeadLetteredWithoutBeingRead(
            @TempDir(factory = SharedMemoryTempDirFactory.class) Path shm) throws Exception {
        long size = Math.max(8L << 30, Runtime.getRuntime().maxMemory() * 2);
        Path huge = shm.resolve(BAD);
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(size);
        }
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.getFileAttributeView(huge, BasicFileAttributeView.class).setTimes(null, twoDaysAgo, null);
        boolean readsUpdateAccessTime = readsUpdateAccessTime(shm.resolve("control"), twoDaysAgo);

        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(shm)) {
            assertThat(queue.options().maxMessageSize()).as("the default limit").isEqualTo(16L << 20);
            String valid = queue.put(Map.of("valid", true));
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(message.metadata().name()).isEqualTo(valid);
            message.acknowledge();
            assertThat(log.text()).contains("Dead-lettered " + BAD + " from " + shm)
                    .contains("more than the limit of 16777216 bytes");
        }
        Path deadLetter = shm.resolve(".ipsync/dead").resolve(BAD);
        assertThat(Files.size(deadLetter)).isEqualTo(size);
        if (readsUpdateAccessTime) {
            assertThat(Files.readAttributes(deadLetter, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime())
                    .as("never read").isEqualTo(twoDaysAgo);
        }
        assumeThat(readsUpdateAccessTime).as("this file system updates access times on reads (relatime)").isTrue();
    }

    /**
     * The build runs as root, which reads any file whatever its permission bits. The consumer
     * therefore runs in a child JVM started through {@code setpriv} without the capabilities that
     * let root ignore permissions (it keeps root's uid, so it can still read its class path).
     */
    @Test
    void fileWithoutReadPermissionIsDeadLetteredByAConsumerThatPermissionsApplyTo() throws Exception {
        Path file = RawMessages.write(dir, BAD, "{\"id\": 0, \"producerPid\": 0}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        List<String> withoutOverride = List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search", "--");
        assumeThat(run(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", "true")))
                .as("setpriv can drop capabilities here").isTrue();
        try (JsonDataQueue producer = JsonDataQueue.open(dir)) {
            producer.put(new Job(7, ProcessHandle.current().pid()));
        }
        try (ChildJvm consumer = ChildJvm.startThrough(withoutOverride, "consumer without DAC override",
                ChildJvm.DEFAULT_HARD_TIMEOUT, QueueConsumerMain.class, dir.toString(), "--stopAfterHandled=1",
                "--stopAfterIdlePolls=0", "--pollTimeout=PT1S")) {
            consumer.awaitLineStartingWith("handled 7 1 ", LONG);
            consumer.awaitSuccess(LONG);
            assertThat(consumer.stderr()).contains("Dead-lettered " + BAD + " from " + dir)
                    .contains("AccessDeniedException");
        }
        assertThat(reasonOf(BAD)).contains("cannot be read").contains("AccessDeniedException");
        assertThat(RawMessages.waiting(dir)).isEmpty();
    }

    /** Another consumer (a Python one, say) takes a message after this consumer listed it and before it claimed it. */
    @Test
    void messageThatVanishesBetweenListingAndClaimIsSkippedQuietly() throws Exception {
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String first = queue.put("first");
            String vanishing = queue.put("vanishing");
            ReceivedMessage taken = queue.receive(LONG).orElseThrow();
            assertThat(taken.metadata().name()).as("the listing held both").isEqualTo(first);
            taken.acknowledge();
            Files.delete(dir.resolve(vanishing));

            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(log.text()).doesNotContain("WARN").doesNotContain("ERROR");
        }
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    // ---- names

    static Stream<Arguments> oddMessageNames() {
        return Stream.of(
                Arguments.of("spaces", "q_0000000000000000001_with some spaces"),
                Arguments.of("a newline", "q_0000000000000000001_new\nline"),
                Arguments.of("a tab and a carriage return", "q_0000000000000000001_tab\tand\rreturn"),
                Arguments.of("non-ASCII letters", "q_0000000000000000001_Müller€日本"),
                Arguments.of("a backslash and quotes", "q_0000000000000000001_back\\slash\"quote'"),
                Arguments.of("nothing after the prefix", "q_"),
                Arguments.of("a timestamp that is not a number", "q_notanumber_Producer"),
                Arguments.of("an empty timestamp", "q__Producer"),
                Arguments.of("a timestamp of 20 digits", "q_12345678901234567890_Producer"),
                Arguments.of("a 19-digit timestamp beyond the range of a long", "q_9999999999999999999_Producer"),
                Arguments.of("the longest name ipsync's bookkeeping can hold (230 bytes)",
                        "q_0000000000000000001_" + "x".repeat(230 - 22)));
    }

    /**
     * A jk_interprocesssync consumer takes every regular file whose name starts with {@code q_};
     * so does ipsync, whatever follows. A timestamp it cannot read leaves the metadata's
     * timestamp empty.
     */
    @ParameterizedTest(name = "message name with {0}")
    @MethodSource("oddMessageNames")
    void messageWithAnOddNameIsDelivered(String kind, String name) throws Exception {
        RawMessages.write(dir, name, "{\"odd\": true}");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String valid = queue.put(Map.of("valid", true));
            ReceivedMessage first = queue.receive(LONG).orElseThrow();
            ReceivedMessage second = queue.receive(LONG).orElseThrow();
            ReceivedMessage odd = first.metadata().name().equals(valid) ? second : first;
            assertThat(List.of(first.metadata().name(), second.metadata().name())).containsExactlyInAnyOrder(name, valid);
            assertThat(odd.payload().asNode().get("odd").asBoolean()).isTrue();
            if (!name.startsWith("q_00")) {
                assertThat(odd.metadata().timestamp()).as("no timestamp can be read from " + name).isNull();
            }
            first.acknowledge();
            second.acknowledge();
        }
        assertThat(RawMessages.waiting(dir)).isEmpty();
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    /**
     * A claim prefixes the name with the attempt, a retry with its due time: a name longer than
     * 230 bytes would not fit the file system's limit of 255. ipsync leaves it to Python
     * consumers, says so once, and goes on.
     */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {231, 255})
    void messageNameTooLongForTheBookkeepingIsLeftAloneWithAWarning(int length) throws Exception {
        String name = "q_0000000000000000001_" + "x".repeat(length - 22);
        // Written in place: even the temporary name of an atomic writer would be too long for 255 bytes.
        Path file = Files.writeString(dir.resolve(name), "\"long\"");
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertNothingMoreIsReceivedAndHousekeepingRan(queue);
            assertThat(queue.size()).as("not counted as waiting").isZero();
            assertThat(log.text()).contains("WARN").contains(name).contains(dir.toString()).contains("too long");
        }
        assertThat(file).as("left alone").hasContent("\"long\"");
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    static Stream<Arguments> foreignNames() {
        return Stream.of(
                Arguments.of("a text file", "readme.txt"),
                Arguments.of("an upper-case prefix", "Q_0000000000000000001_Upper"),
                Arguments.of("a dash instead of an underscore", "q-0000000000000000001-Dash"),
                Arguments.of("a space before the prefix", " q_0000000000000000001_Space"),
                Arguments.of("a hidden name", ".q_0000000000000000001_Hidden"),
                Arguments.of("a newline", "notes\nq_0000000000000000001_x"),
                Arguments.of("non-ASCII letters", "Müller-日本.json"),
                Arguments.of("255 bytes", "n".repeat(255)),
                Arguments.of("a reason-file suffix", "q.reason.json"),
                Arguments.of("the prefix alone without underscore", "q"));
    }

    @ParameterizedTest(name = "file named with {0}")
    @MethodSource("foreignNames")
    void fileNotNamedLikeAMessageIsLeftAlone(String kind, String name) throws Exception {
        Path foreign = Files.writeString(dir.resolve(name), "{broken, and not ours");
        // Old enough for the sweep of stale temporary files, which must not take it for one either.
        Files.setLastModifiedTime(foreign, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        FileTime modified = Files.getLastModifiedTime(foreign);
        FileSettings sweepAtOnce = FileSettings.builder().staleTempFileAge(Duration.ofSeconds(1)).build();
        try (StandardErrorCapture log = new StandardErrorCapture();
                JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.DEFAULTS, sweepAtOnce)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(queue.size()).isZero();
            assertThat(log.text()).doesNotContain(name);
        }
        assertThat(foreign).hasContent("{broken, and not ours");
        assertThat(Files.getLastModifiedTime(foreign)).isEqualTo(modified);
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    // ---- foreign temporary files

    @Test
    void youngForeignTemporaryFileIsLeftAloneAndAStaleOneIsSweptWithALogLine() throws Exception {
        Duration staleAge = Duration.ofMinutes(10);
        Path young = Files.writeString(dir.resolve("tmp_q_0000000000000000005_Young.tmp"), "{\"half\": ");
        Path stale = Files.writeString(dir.resolve("tmp_q_0000000000000000004_Stale.tmp"), "{\"half\": ");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(staleAge).minusSeconds(60)));
        Path staleFolder = Files.createDirectory(dir.resolve("tmp_folder"));
        Files.setLastModifiedTime(staleFolder, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        FileSettings settings = FileSettings.builder().staleTempFileAge(staleAge).build();
        try (StandardErrorCapture log = new StandardErrorCapture();
                JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.DEFAULTS, settings)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertNothingMoreIsReceivedAndHousekeepingRan(queue);
            assertThat(log.text()).contains("Removed " + stale + ": a producer's temporary file abandoned")
                    .doesNotContain(young.toString());
        }
        assertThat(stale).doesNotExist();
        assertThat(young).as("a live producer may still be writing it").hasContent("{\"half\": ");
        assertThat(staleFolder).as("only regular files are swept").isDirectory();
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    // ---- the queue directory itself

    @Test
    void queueDirectoryDeletedAndRecreatedWhileAListenerRunsIsReportedAndConsumedAgain() throws Exception {
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        FileSettings settings = FileSettings.builder().pollInterval(Duration.ofMillis(50)).build();
        try (StandardErrorCapture log = new StandardErrorCapture();
                JsonDataQueue consumer = JsonDataQueue.open(queueDir, QueueOptions.DEFAULTS, settings)) {
            ListenerContainer container = ListenerContainers.forQueue(consumer,
                    message -> handled.add(message.payload().as(String.class)),
                    ContainerOptions.builder("orders").recoveryInterval(Duration.ofMillis(50)).build());
            container.start();
            try {
                putWithNewProducer(queueDir, "before");
                assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo("before");

                assertThat(run("rm", "-rf", queueDir.toString())).isTrue();
                await().atMost(LONG).untilAsserted(() -> assertThat(log.text())
                        .contains("The queue directory " + queueDir + " is gone"));

                Files.createDirectory(queueDir);
                putWithNewProducer(queueDir, "after");
                assertThat(handled.poll(30, TimeUnit.SECONDS)).as("consumed again once the directory is back").isEqualTo("after");
                await().atMost(LONG).untilAsserted(() -> assertThat(log.text())
                        .contains("The queue directory " + queueDir + " is back"));
                putWithNewProducer(queueDir, "later");
                assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo("later");
            } finally {
                container.stop();
            }
        }
        assertThat(RawMessages.waiting(queueDir)).isEmpty();
    }

    private static void putWithNewProducer(Path queueDir, String value) {
        try (JsonDataQueue producer = JsonDataQueue.open(queueDir)) {
            producer.put(value);
        }
    }

    // ---- ipsync's own bookkeeping

    @Test
    void unrecognisedEntriesOnTheRetryShelfAreLeftAloneWithOneWarningEach() throws Exception {
        FileSettings quick = FileSettings.builder().pollInterval(Duration.ofMillis(20)).build();
        try (StandardErrorCapture log = new StandardErrorCapture();
                JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.DEFAULTS, quick)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            Path shelf = dir.resolve(".ipsync/retry");
            Path garbage = Files.writeString(shelf.resolve("garbage"), "x");
            Path badAttempts = Files.writeString(shelf.resolve("0000000000000-x-" + RawMessages.name(2)), "\"x\"");
            // An idle consumer looks at the shelf every poll interval: many looks in this time.
            assertThat(queue.receive(Duration.ofMillis(500))).isEmpty();
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(log.text()).contains("Ignoring garbage in " + shelf).contains("Ignoring " + badAttempts.getFileName());
            assertThat(countOccurrences(log.text(), "Ignoring garbage")).as("warned once").isEqualTo(1);
            assertThat(garbage).exists();
            assertThat(badAttempts).exists();
        }
    }

    @Test
    void unrecognisedEntryInADeadConsumersClaimFolderIsDeadLetteredAndItsRealClaimComesBack() throws Exception {
        Path deadOwner = Files.createDirectories(dir.resolve(".ipsync/claims/DeadOwnerDeadOwnerDe"));
        Files.writeString(deadOwner.resolve("garbage"), "x");
        String claimed = RawMessages.name(3);
        Files.writeString(deadOwner.resolve("1-" + claimed), "{\"claimed\": true}");
        QueueOptions options = QueueOptions.builder().reclaimInterval(Duration.ofMillis(100)).build();
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            ReceivedMessage back = queue.receive(LONG).orElseThrow();
            assertThat(back.metadata().name()).isEqualTo(claimed);
            assertThat(back.metadata().attempt()).isEqualTo(2);
            back.acknowledge();
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(log.text()).contains("WARN").contains("garbage").contains("DeadOwnerDeadOwnerDe").contains(dir.toString());
        }
        assertThat(reasonOf("garbage")).contains("unrecognised entry in the claim folder");
    }

    @Test
    void anUnrecognisedEntryThatCannotBeDeadLetteredDoesNotKeepADeadConsumersRealClaimFromComingBack() throws Exception {
        QueueOptions options = QueueOptions.builder().reclaimInterval(Duration.ofMillis(100)).build();
        Path deadOwner = dir.resolve(".ipsync/claims/DeadOwnerDeadOwnerDe");
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            assertThat(queue.receive(Duration.ZERO)).as("a consumer now, its bookkeeping in place").isEmpty();
            Path deadLetters = dir.resolve(".ipsync/dead");
            Files.delete(deadLetters);
            Files.writeString(deadLetters, "in the way");
            Files.createDirectories(deadOwner);
            String claimed = RawMessages.name(3);
            // Directory order is the file system's: entries on both sides of the claim make it likely that one comes first.
            for (int i = 0; i < 4; i++) {
                Files.writeString(deadOwner.resolve("garbage" + i), "x");
            }
            Files.writeString(deadOwner.resolve("1-" + claimed), "{\"claimed\": true}");
            for (int i = 4; i < 8; i++) {
                Files.writeString(deadOwner.resolve("garbage" + i), "x");
            }

            ReceivedMessage back = queue.receive(LONG).orElseThrow();
            assertThat(back.metadata().name()).isEqualTo(claimed);
            back.acknowledge();
            assertThat(log.text()).contains("Could not take back garbage").contains("will try again");
        }
        assertThat(RawMessages.names(deadOwner, "garbage")).as("left for the next try").hasSize(8);
    }

    @Test
    void strayFilesAmongTheClaimFoldersDoNotKeepDeadConsumersClaimsFromComingBack() throws Exception {
        Path claims = Files.createDirectories(dir.resolve(".ipsync/claims"));
        Path deadOwner = Files.createDirectories(claims.resolve("DeadOwnerDeadOwnerDe"));
        String claimed = RawMessages.name(3);
        Files.writeString(deadOwner.resolve("1-" + claimed), "{\"claimed\": true}");
        // Directory order is the file system's: several strays make it likely that one comes first.
        for (int i = 0; i < 8; i++) {
            Files.writeString(claims.resolve("stray" + i), "not a claim folder");
        }
        QueueOptions options = QueueOptions.builder().reclaimInterval(Duration.ofMillis(100)).build();
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            ReceivedMessage back = queue.receive(LONG).orElseThrow();
            assertThat(back.metadata().name()).isEqualTo(claimed);
            back.acknowledge();
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(log.text()).contains("stray0").contains("not a directory");
        }
        assertThat(claims.resolve("stray0")).as("left alone").hasContent("not a claim folder");
    }

    @Test
    void deadLetterFolderThatIsAFileFailsTheConsumerNamingItAndNothingIsLost() throws Exception {
        Files.createDirectories(dir.resolve(".ipsync"));
        Path notAFolder = Files.writeString(dir.resolve(".ipsync/dead"), "in the way");
        RawMessages.write(dir, BAD, "{broken");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String valid = queue.put(Map.of("valid", true));
            assertThatThrownBy(() -> queue.receive(LONG))
                    .isInstanceOf(IpsyncException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining(notAFolder.toString());
            assertThat(RawMessages.waiting(dir)).as("nothing taken").containsExactly(BAD, valid);

            Files.delete(notAFolder);
            assertThat(queue.receive(LONG).orElseThrow().metadata().name()).isEqualTo(valid);
        }
        assertThat(reasonOf(BAD)).contains("does not hold valid JSON");
    }

    @Test
    void deadLetterFolderReplacedByAFileWhileConsumingKeepsTheBadMessageClaimedAndTheConsumerGoesOn() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            Path dead = dir.resolve(".ipsync/dead");
            Files.delete(dead);
            Files.writeString(dead, "in the way");
            RawMessages.write(dir, BAD, "{broken");

            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(RawMessages.waiting(dir)).as("the bad message is neither waiting nor lost").isEmpty();
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).as("kept claimed until it can be set aside")
                    .singleElement().asString().endsWith(BAD);

            Files.delete(dead);
            assertNextReceivedIsValidMessagePutAfter(queue);
        }
        assertThat(reasonOf(BAD)).as("set aside once the dead-letter folder could be made again")
                .contains("does not hold valid JSON");
    }

    // ---- helpers

    private void assertNextReceivedIsValidMessagePutAfter(JsonDataQueue queue) throws Exception {
        String valid = queue.put(Map.of("valid", true));
        ReceivedMessage message = queue.receive(LONG).orElseThrow(() -> new AssertionError("the consumer got stuck"));
        assertThat(message.metadata().name()).isEqualTo(valid);
        assertThat(message.payload().asNode().get("valid").asBoolean()).isTrue();
        message.acknowledge();
    }

    /** The sweep of temporary files waits for a look that finds nothing, so that it never delays a backlog. */
    private static void assertNothingMoreIsReceivedAndHousekeepingRan(JsonDataQueue queue) throws Exception {
        assertThat(queue.receive(Duration.ZERO)).isEmpty();
    }

    private void assertDeadLetterWarning(StandardErrorCapture log, String reasonFragment) {
        assertThat(log.text()).as("a warning that names the entry, the queue and the reason")
                .contains("WARN").contains("Dead-lettered " + BAD + " from " + dir).contains(reasonFragment);
    }

    private String reasonOf(String name) throws Exception {
        JsonNode reason = JsonMapper.builder().build()
                .readTree(Files.readString(deadLetters().resolve("reason-" + name + ".json")));
        assertThat(reason.get("queue").asString()).isEqualTo(dir.toString());
        return reason.get("reason").asString();
    }

    private Path deadLetters() {
        return dir.resolve(".ipsync/dead");
    }

    private static boolean readsUpdateAccessTime(Path control, FileTime old) throws IOException {
        Files.writeString(control, "x");
        Files.getFileAttributeView(control, BasicFileAttributeView.class).setTimes(null, old, null);
        Files.readAllBytes(control);
        FileTime after = Files.readAttributes(control, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime();
        Files.delete(control);
        return !after.equals(old);
    }

    private static int countOccurrences(String text, String fragment) {
        int count = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            count++;
        }
        return count;
    }

    private static boolean run(String... command) throws Exception {
        return run(List.of(command));
    }

    private static boolean run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
