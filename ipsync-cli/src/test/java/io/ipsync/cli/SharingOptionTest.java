package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --group} shares what the commands create with the group; without it, it is private, and unsafe folders are refused. */
class SharingOptionTest {

    @TempDir
    Path temp;

    @Test
    void putCreatesAPrivateQueueByDefault() throws Exception {
        Path queue = temp.resolve("orders");

        assertThat(run("put", queue.toString(), "1").exitCode()).isZero();

        assertThat(mode(queue)).isEqualTo("0700");
    }

    @Test
    void putWithGroupCreatesAGroupQueueThatTakeWithGroupReads() throws Exception {
        Path queue = temp.resolve("orders");

        assertThat(run("put", "--group", queue.toString(), "{\"id\": 1}").exitCode()).isZero();
        assertThat(mode(queue)).isEqualTo("2770");

        CommandRun take = run("take", "--group", "-n", "1", "--timeout", "30s", queue.toString());
        assertThat(take.exitCode()).isZero();
        assertThat(take.out()).contains("{\"id\":1}");
    }

    @Test
    void privateCommandsRefuseAGroupWritableFolderAndNameIt() throws Exception {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 0770, LinkOption.NOFOLLOW_LINKS);

        CommandRun put = run("put", shared.resolve("orders").toString(), "1");
        assertThat(put.exitCode()).isNotZero();
        assertThat(put.err()).contains(shared + " is writable by its group");

        CommandRun signal = run("signal", shared.resolve("reload.event").toString());
        assertThat(signal.exitCode()).isNotZero();
        assertThat(signal.err()).contains(shared + " is writable by its group");

        assertThat(run("put", "--group", shared.resolve("orders").toString(), "1").exitCode()).isZero();
        assertThat(run("signal", "--group", shared.resolve("reload.event").toString()).exitCode()).isZero();
    }

    private static String mode(Path path) throws Exception {
        return String.format("%04o", (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }
}
