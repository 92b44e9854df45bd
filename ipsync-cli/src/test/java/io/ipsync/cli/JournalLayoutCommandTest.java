package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static io.ipsync.cli.CommandRun.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --layout journal} on put, take and stat; a journal queue opens as one without the flag. */
class JournalLayoutCommandTest {

    @TempDir
    Path dir;

    @Test
    void putWithTheJournalLayoutAndNoInputCreatesAnEmptyJournalThatStatShows() {
        Path queue = dir.resolve("q");
        CommandRun put = runWithInput("", "put", "--layout", "journal", queue.toString());
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(queue.resolve("journal/meta")).isRegularFile();

        CommandRun stat = run("stat", queue.toString());
        assertThat(stat.exitCode()).as(stat.err()).isZero();
        assertThat(stat.lines()).contains("waiting           0", "layout            journal")
                .anySatisfy(line -> assertThat(line).matches("segments +2 \\(\\d+ bytes\\)"));
        CommandRun json = run("stat", "--json", queue.toString());
        assertThat(json.out()).contains("\"layout\":\"journal\"", "\"segments\":2", "\"strayMessageFiles\":0");
    }

    @Test
    void messagesPutToAJournalAreTakenWithoutTheFlagAndTheOtherLayoutIsRefused() {
        Path queue = dir.resolve("q");
        assertThat(runWithInput("{\"n\":1}\n\"two\"\n", "put", "--layout", "journal", queue.toString()).exitCode()).isZero();
        CommandRun wrong = runWithInput("1\n", "put", "--layout", "files", queue.toString());
        assertThat(wrong.exitCode()).isEqualTo(3);
        assertThat(wrong.err()).contains(queue.toString()).contains("'journal', not the 'files'");

        CommandRun take = run("take", queue.toString(), "-n", "2");
        assertThat(take.exitCode()).as(take.err()).isZero();
        assertThat(take.lines()).containsExactly("{\"n\":1}", "\"two\"");
        assertThat(run("take", "--layout", "journal", queue.toString(), "-n", "1", "--timeout", "0s").exitCode()).isEqualTo(1);
    }

    @Test
    void messageFilesAPythonProducerDroppedIntoAJournalAreReportedAndWarnedAbout() throws Exception {
        Path queue = dir.resolve("q");
        assertThat(runWithInput("", "put", "--layout", "journal", queue.toString()).exitCode()).isZero();
        Files.writeString(queue.resolve("q_1700000000000000000_" + "P".repeat(32)), "\"from python\"");

        CommandRun stat = run("stat", queue.toString());
        assertThat(stat.exitCode()).isZero();
        assertThat(stat.lines()).contains("stray q_ files    1");
        assertThat(stat.err()).contains("warning").contains("never takes them");
    }
}
