package io.ipsync.security;

import static io.ipsync.security.FileModesOnDisk.octal;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.FileSharing;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.file.FileSettings;
import io.ipsync.testing.ChildJvm;
import io.ipsync.testing.RawMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ipsync creates is private to the user unless the channel is shared with the group, and
 * files of any mode written by others (Python peers) are read all the same. The test JVM runs
 * with umask 022, so the modes below are what open(2) and mkdir(2) were given.
 */
class FilePermissionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void privateQueueKeepsEveryFolderAndFileToItsUser() throws Exception {
        Path root = dir.resolve("shop/orders");
        try (JsonDataQueue queue = JsonDataQueue.open(root)) {
            queue.put(Map.of("order", 1));
            queue.put(Map.of("order", 2));
            assertThat(octal(onlyMessageIn(root))).isEqualTo("0600");
            try (ReceivedMessage first = queue.receive(WAIT).orElseThrow()) {
                first.deadLetter("checking its mode", null);
            }
            try (ReceivedMessage second = queue.receive(WAIT).orElseThrow()) {
                assertThat(octal(ownerLockIn(root))).isEqualTo("0600");
                assertThat(octal(claimFolderIn(root))).isEqualTo("0700");
                second.acknowledge();
            }
        }
        for (Path folder : List.of(root.getParent(), root, root.resolve(".ipsync"), root.resolve(".ipsync/owners"),
                root.resolve(".ipsync/claims"), root.resolve(".ipsync/retry"), root.resolve(".ipsync/dead"))) {
            assertThat(octal(folder)).as(folder.toString()).isEqualTo("0700");
        }
        try (Stream<Path> dead = Files.list(root.resolve(".ipsync/dead"))) {
            assertThat(dead.toList()).hasSize(2).allSatisfy(file -> assertThat(octal(file)).as(file.toString()).isEqualTo("0600"));
        }
    }

    @Test
    void groupQueueGivesFoldersSetGroupIdAndTheGroupWhatItNeeds() throws Exception {
        Path root = dir.resolve("shared/orders");
        FileSettings group = FileSettings.builder().sharing(FileSharing.GROUP).build();
        try (JsonDataQueue queue = JsonDataQueue.open(root, QueueOptions.DEFAULTS, group)) {
            queue.put("hello");
            // 0660 asked for; the umask 022 of this JVM takes group write away: the group can still read
            assertThat(octal(onlyMessageIn(root))).isEqualTo("0640");
            try (ReceivedMessage message = queue.receive(WAIT).orElseThrow()) {
                assertThat(octal(ownerLockIn(root))).as("another user's consumer must lock it to reap it").isEqualTo("0660");
                assertThat(octal(claimFolderIn(root))).isEqualTo("2770");
                message.acknowledge();
            }
        }
        for (Path folder : List.of(root.getParent(), root, root.resolve(".ipsync"), root.resolve(".ipsync/owners"),
                root.resolve(".ipsync/claims"), root.resolve(".ipsync/retry"), root.resolve(".ipsync/dead"))) {
            assertThat(octal(folder)).as(folder.toString()).isEqualTo("2770");
        }
    }

    @Test
    void existingQueueDirectoryKeepsItsOwnMode() throws Exception {
        Path root = Files.createDirectory(dir.resolve("orders"));
        FileModesOnDisk.setMode(root, 0750);
        try (JsonDataQueue queue = JsonDataQueue.open(root)) {
            queue.put(1);
        }
        assertThat(octal(root)).isEqualTo("0750");
    }

    @Test
    void eventAndDataEventFilesArePrivateByDefault() throws Exception {
        Path event = dir.resolve("signals/reload.event");
        Path value = dir.resolve("signals/settings.json");
        try (Event reload = Event.open(event); JsonDataEvent settings = JsonDataEvent.open(value)) {
            reload.signal();
            settings.signal(Map.of("mode", "fast"));
        }
        assertThat(octal(event.getParent())).isEqualTo("0700");
        assertThat(octal(event)).isEqualTo("0600");
        assertThat(octal(value)).isEqualTo("0600");
    }

    @Test
    void sharedEventAndDataEventFilesAreReadableByTheGroup() throws Exception {
        Path event = dir.resolve("signals/reload.event");
        Path value = dir.resolve("signals/settings.json");
        FileSettings group = FileSettings.builder().sharing(FileSharing.GROUP).build();
        try (Event reload = Event.open(event, EventOptions.DEFAULTS, group);
                JsonDataEvent settings = JsonDataEvent.open(value, DataEventOptions.DEFAULTS, group)) {
            reload.signal();
            settings.signal(Map.of("mode", "fast"));
        }
        assertThat(octal(event.getParent())).isEqualTo("2770");
        assertThat(octal(event)).isEqualTo("0640");
        assertThat(octal(value)).isEqualTo("0640");
    }

    @Test
    void messagesOfAnyModeWrittenByOthersAreRead() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            Path readOnly = RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_000L), "{\"from\": \"python\"}");
            FileModesOnDisk.setMode(readOnly, 0444);
            Path open = RawMessages.write(dir, RawMessages.name(1_000_000_000_000_000_001L), "[1, 2]");
            FileModesOnDisk.setMode(open, 0666);
            assertThat(queue.take(Object.class)).isEqualTo(Map.of("from", "python"));
            assertThat(queue.take(Object.class)).isEqualTo(List.of(1, 2));
        }
    }

    @Test
    void groupSharingIsRefusedUnderAUmaskThatHidesFilesFromTheGroup() throws Exception {
        Path queueDir = dir.resolve("orders");
        try (ChildJvm child = startWithUmask("077", "group", queueDir, "put", "hidden")) {
            assertThat(child.awaitExit(WAIT.multipliedBy(2))).isEqualTo(3);
            assertThat(child.lines()).anySatisfy(line -> assertThat(line)
                    .contains("Cannot share " + queueDir + " with the group: this process's umask 0077 takes group read away"));
        }
        assertThat(queueDir).doesNotExist();
        try (ChildJvm child = startWithUmask("077", "private", queueDir, "put", "mine")) {
            child.awaitSuccess(WAIT.multipliedBy(2));
        }
        assertThat(octal(onlyMessageIn(queueDir))).isEqualTo("0600");
    }

    @Test
    void groupSharingUnderAUmaskThatKeepsGroupWriteGivesTheGroupReadAndWrite() throws Exception {
        Path queueDir = dir.resolve("orders");
        try (ChildJvm child = startWithUmask("002", "group", queueDir, "put", "shared")) {
            child.awaitSuccess(WAIT.multipliedBy(2));
        }
        assertThat(octal(queueDir)).isEqualTo("2770");
        assertThat(octal(onlyMessageIn(queueDir))).isEqualTo("0660");
    }

    /** A child JVM started through {@code sh -c 'umask ...; exec java ...'}. */
    private static ChildJvm startWithUmask(String umask, String sharing, Path queueDir, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(sharing, queueDir.toString()));
        args.addAll(List.of(command));
        return ChildJvm.start("umask-" + umask, List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""),
                System.getProperty("java.class.path"), WAIT.multipliedBy(4), SharedQueueUserMain.class, args.toArray(String[]::new));
    }

    private static Path onlyMessageIn(Path root) throws IOException {
        List<String> waiting = RawMessages.waiting(root);
        assertThat(waiting).isNotEmpty();
        return root.resolve(waiting.get(0));
    }

    private static Path ownerLockIn(Path root) throws IOException {
        try (Stream<Path> owners = Files.list(root.resolve(".ipsync/owners"))) {
            return owners.filter(path -> path.getFileName().toString().endsWith(".lock")).findFirst().orElseThrow();
        }
    }

    private static Path claimFolderIn(Path root) throws IOException {
        try (Stream<Path> claims = Files.list(root.resolve(".ipsync/claims"))) {
            return claims.findFirst().orElseThrow();
        }
    }
}
