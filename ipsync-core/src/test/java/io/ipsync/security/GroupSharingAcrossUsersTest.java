package io.ipsync.security;

import static io.ipsync.security.FileModesOnDisk.octal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ipsync.testing.ChildJvm;
import io.ipsync.testing.RawMessages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer and a consumer that run as two different users of one group share a queue in
 * {@link io.ipsync.FileSharing#GROUP} mode, and a private queue stays closed to the other user.
 *
 * <p>The children run as uids {@value #ALICE} and {@value #BOB} with the one group {@value #SHOP}
 * through {@code setpriv} (no system users are created: the ids have no names). This needs root
 * and {@code setpriv}; without them the test is skipped with the reason. The test class path may
 * lie where other users cannot read it ({@code /root/.m2}), so the children get a copy of it.
 */
class GroupSharingAcrossUsersTest {

    private static final int ALICE = 40001;

    private static final int BOB = 40002;

    private static final int SHOP = 40000;

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Path classPathCopy;

    private static String classPath;

    @TempDir
    Path dir;

    @BeforeAll
    static void copyClassPathForOtherUsers() throws Exception {
        assumeThat(FileModesOnDisk.runningAsRoot()).as("only root can start processes as other users").isTrue();
        assumeThat(setprivWorks()).as("setpriv is installed and can switch users").isTrue();
        classPathCopy = Files.createTempDirectory("ipsync-classpath");
        FileModesOnDisk.setMode(classPathCopy, 0755);
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = classPathCopy.resolve(index++ + "-" + source.getFileName());
            copyReadableByAll(source, target);
            entries.add(target.toString());
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    @AfterAll
    static void removeClassPathCopy() throws IOException {
        if (classPathCopy != null) {
            try (Stream<Path> files = Files.walk(classPathCopy)) {
                for (Path path : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void usersOfOneGroupShareAQueueAndAPrivateQueueStaysClosed() throws Exception {
        // what an administrator sets up: a folder of the group's, with set-group-ID
        FileModesOnDisk.setMode(dir, 0755);
        Path shop = Files.createDirectory(dir.resolve("shop"));
        FileModesOnDisk.setOwner(shop, 0, SHOP);
        FileModesOnDisk.setMode(shop, 02770);
        Path orders = shop.resolve("orders");

        runToEnd(ALICE, "group", orders, "put", "one", "two", "three");
        assertThat(ownerOf(orders)).isEqualTo(List.of(ALICE, SHOP));
        assertThat(octal(orders)).isEqualTo("2770");
        for (String name : RawMessages.waiting(orders)) {
            assertThat(ownerOf(orders.resolve(name))).isEqualTo(List.of(ALICE, SHOP));
            assertThat(octal(orders.resolve(name))).as("readable by the group, not by others").isEqualTo("0640");
        }

        List<String> bobsLines = runToEnd(BOB, "group", orders, "take", "ack", "dead");
        assertThat(bobsLines).contains("took one attempt 1 ack", "took two attempt 1 dead");
        List<String> dead = RawMessages.names(orders.resolve(".ipsync/dead"), "");
        assertThat(dead).hasSize(2).last().asString().startsWith("reason-");
        assertThat(ownerOf(orders.resolve(".ipsync/dead/" + dead.get(1)))).as("the reason, written by Bob")
                .isEqualTo(List.of(BOB, SHOP));

        try (ChildJvm bob = startAs(BOB, "bob-holding", "group", orders, "take", "hold")) {
            bob.awaitLine("holding three", WAIT);
            bob.kill();
        }
        List<String> alicesLines = runToEnd(ALICE, "group", orders, "take", "ack");
        assertThat(alicesLines).as("Alice took back what Bob held when he died").contains("took three attempt 2 ack");
        assertThat(RawMessages.filesBelow(orders.resolve(".ipsync/claims"))).isEmpty();
        assertThat(RawMessages.filesBelow(orders.resolve(".ipsync/owners"))).isEmpty();
        assertThat(RawMessages.waiting(orders)).isEmpty();

        try (ChildJvm bob = startAs(BOB, "bob-private", "private", orders, "take", "ack")) {
            assertThat(bob.awaitExit(WAIT)).isEqualTo(3);
            assertThat(bob.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("failed ").contains(orders + " is owned by user " + ALICE));
        }

        // a private queue needs a folder only its user can write: in the group's folder it is refused
        Path home = Files.createDirectory(dir.resolve("alice"));
        FileModesOnDisk.setOwner(home, ALICE, SHOP);
        List<String> refused = runToFailure(ALICE, "private", shop.resolve("mine"), "put", "secret");
        assertThat(refused).anySatisfy(line -> assertThat(line).contains(shop + " is writable by its group " + SHOP));
        Path mine = home.resolve("mine");
        runToEnd(ALICE, "private", mine, "put", "secret");
        assertThat(octal(mine)).isEqualTo("0700");
        try (ChildJvm bob = startAs(BOB, "bob-prying", "group", mine, "take", "ack")) {
            assertThat(bob.awaitExit(WAIT)).isEqualTo(3);
            assertThat(bob.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("failed ").contains(mine.toString()).contains("AccessDenied"));
        }
        assertThat(RawMessages.waiting(mine)).hasSize(1);
    }

    private List<String> runToEnd(int uid, String sharing, Path queue, String... command) throws Exception {
        try (ChildJvm child = startAs(uid, "uid-" + uid + "-" + command[0], sharing, queue, command)) {
            child.awaitSuccess(WAIT);
            return child.lines();
        }
    }

    private List<String> runToFailure(int uid, String sharing, Path queue, String... command) throws Exception {
        try (ChildJvm child = startAs(uid, "uid-" + uid + "-" + command[0], sharing, queue, command)) {
            assertThat(child.awaitExit(WAIT)).isEqualTo(3);
            return child.lines();
        }
    }

    private static ChildJvm startAs(int uid, String name, String sharing, Path queue, String... command) {
        List<String> args = new ArrayList<>(List.of(sharing, queue.toString()));
        args.addAll(List.of(command));
        return ChildJvm.start(name, setpriv(uid), classPath, WAIT.multipliedBy(2), SharedQueueUserMain.class,
                args.toArray(String[]::new));
    }

    private static List<String> setpriv(int uid) {
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + SHOP, "--clear-groups");
    }

    private static boolean setprivWorks() {
        try {
            List<String> command = new ArrayList<>(setpriv(ALICE));
            command.add("true");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<Integer> ownerOf(Path path) throws IOException {
        return List.of((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    private static void copyReadableByAll(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            FileModesOnDisk.setMode(target, 0644);
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path from : tree.toList()) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                    FileModesOnDisk.setMode(to, 0755);
                } else {
                    Files.copy(from, to);
                    FileModesOnDisk.setMode(to, 0644);
                }
            }
        }
    }
}
