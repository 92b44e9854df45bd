package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TakeCommandTest {

    @TempDir
    Path queue;

    @Test
    void printsMessagesOldestFirstAcrossProducersAsCompactJsonAndRemovesThem() {
        try (JsonDataQueue first = JsonDataQueue.open(queue); JsonDataQueue second = JsonDataQueue.open(queue)) {
            first.put(Map.of("n", 1));
            second.put(List.of(2, "two"));
            first.put(3.25);
            second.put("four");
        }

        CommandRun take = run("take", queue.toString(), "-n", "4");

        assertThat(take.exitCode()).isZero();
        assertThat(take.lines()).containsExactly("{\"n\":1}", "[2,\"two\"]", "3.25", "\"four\"");
        assertThat(stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
    }

    @Test
    void printsNullForAnEmptyMessage() {
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put(null);
        }

        CommandRun take = run("take", queue.toString(), "-n", "1");

        assertThat(take.exitCode()).isZero();
        assertThat(take.out()).isEqualTo("null" + System.lineSeparator());
    }

    @Test
    void exitsOneAfterPrintingWhatItTookWhenTheTimeoutPassesBeforeNMessages() {
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put("a");
            producer.put("b");
        }

        CommandRun take = run("take", queue.toString(), "-n", "3", "--timeout", "200ms");

        assertThat(take.exitCode()).isEqualTo(1);
        assertThat(take.lines()).containsExactly("\"a\"", "\"b\"");
        assertThat(take.err()).isEmpty();
    }

    @Test
    void withoutCountTakesEverythingUntilTheTimeoutPasses() {
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            for (int i = 0; i < 5; i++) {
                producer.put(i);
            }
        }

        CommandRun take = run("take", queue.toString(), "--timeout", "0");

        assertThat(take.exitCode()).isEqualTo(1);
        assertThat(take.lines()).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void waitsForAMessagePutAfterItStarted() throws Exception {
        try (BackgroundRun take = BackgroundRun.start("take", queue.toString(), "-n", "1", "--timeout", "30s");
                JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put(Map.of("late", true));

            assertThat(take.exitCode()).isZero();
            assertThat(take.out()).isEqualTo("{\"late\":true}" + System.lineSeparator());
        }
    }

    @Test
    void messageIsGivenBackWhenItsLineCannotBeWritten() {
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put("kept");
        }
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        StringWriter err = new StringWriter();

        int exitCode = IpsyncCommand.commandLine(java.io.InputStream.nullInputStream())
                .setOut(new PrintWriter(new OutputStreamWriter(closedPipe, StandardCharsets.UTF_8)))
                .setErr(new PrintWriter(err, true))
                .execute("take", queue.toString(), "-n", "1");

        assertThat(exitCode).isEqualTo(3);
        assertThat(err.toString()).startsWith("ipsync take: cannot write to standard output").hasLineCount(1);
        QueueStats stats = stats();
        assertThat(stats.waiting()).isEqualTo(1);
        assertThat(stats.inFlight()).isZero();
    }

    @Test
    void missingQueueDirectoryFailsWithAOneLineReasonAndIsNotCreated() {
        Path missing = queue.resolve("typo");

        CommandRun take = run("take", missing.toString(), "--timeout", "1s");

        assertThat(take.exitCode()).isEqualTo(3);
        assertThat(take.err()).isEqualTo("ipsync take: The queue directory " + missing + " does not exist"
                + System.lineSeparator());
        assertThat(missing).doesNotExist();
    }

    @Test
    void messageThatIsNotJsonIsSetAsideAndTheNextOneTaken() throws Exception {
        Files.writeString(queue.resolve("q_0000000000000000001_" + "A".repeat(32)), "{broken");
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put("good");
        }

        CommandRun take = run("take", queue.toString(), "-n", "1", "--timeout", "5s");

        assertThat(take.exitCode()).isZero();
        assertThat(take.lines()).containsExactly("\"good\"");
        assertThat(stats().deadLetters()).isEqualTo(1);
    }

    private QueueStats stats() {
        try (JsonDataQueue q = JsonDataQueue.open(queue)) {
            return q.stats();
        }
    }
}
