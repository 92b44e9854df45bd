package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sync} on the commands that write: they work as without it, on a disk-backed folder, and say what it does. */
class SyncOptionTest {

    @TempDir
    Path temp;

    @Test
    void putWithSyncPutsEveryMessage() throws Exception {
        Path queue = temp.resolve("queue");

        CommandRun put = run("put", "--sync", queue.toString(), "{\"id\":1}", "[2]");

        assertThat(put.exitCode()).isZero();
        assertThat(put.err()).isEmpty();
        assertThat(QueueContents.drain(queue)).containsExactly("{\"id\":1}", "[2]");
    }

    @Test
    void signalAndPublishWithSyncWriteTheirFiles() throws Exception {
        Path event = temp.resolve("reload");
        Path value = temp.resolve("price.json");

        assertThat(run("signal", "--sync", event.toString()).exitCode()).isZero();
        assertThat(run("publish", "--sync", value.toString(), "{\"eur\":1.10}").exitCode()).isZero();

        assertThat(event).isRegularFile();
        assertThat(Files.readString(value)).isEqualTo("{\"eur\":1.10}");
    }

    @Test
    void helpOfEachWritingCommandExplainsSync() {
        for (String command : new String[] {"put", "signal", "publish"}) {
            assertThat(run(command, "--help").out()).as(command).contains("--sync").contains("power loss");
        }
    }
}
