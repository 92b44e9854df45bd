package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static io.ipsync.cli.CommandRun.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutCommandTest {

    @TempDir
    Path temp;

    @Test
    void eachArgumentIsOneMessageStoredAsCompactJsonInOrder() throws Exception {
        Path queue = temp.resolve("a/b/queue");

        CommandRun put = run("put", queue.toString(), "{ \"id\" : 1, \"price\" : 1.10 }", "[1, 2]", "\"é\"", "-5");

        assertThat(put.exitCode()).isZero();
        assertThat(put.out()).isEmpty();
        assertThat(put.err()).isEmpty();
        assertThat(QueueContents.drain(queue)).containsExactly("{\"id\":1,\"price\":1.10}", "[1,2]", "\"é\"", "-5");
    }

    @Test
    void nullIsStoredAsAnEmptyMessageAsThePythonOriginalStoresNone() throws Exception {
        Path queue = temp.resolve("queue");

        assertThat(run("put", queue.toString(), "null").exitCode()).isZero();

        try (var files = Files.list(queue)) {
            Path message = files.filter(p -> p.getFileName().toString().startsWith("q_")).findFirst().orElseThrow();
            assertThat(Files.size(message)).isZero();
        }
    }

    @Test
    void eachLineOfStandardInputIsOneMessageAndBlankLinesAreSkipped() throws Exception {
        Path queue = temp.resolve("queue");

        CommandRun put = runWithInput("1\n\n   \n{\"x\": [1, 2]}\r\n\"three\"", "put", queue.toString());

        assertThat(put.exitCode()).isZero();
        assertThat(QueueContents.drain(queue)).containsExactly("1", "{\"x\":[1,2]}", "\"three\"");
    }

    @Test
    void lineThatIsNotJsonIsRejectedWithItsNumberAndNothingIsPut() {
        Path queue = temp.resolve("queue");

        CommandRun put = runWithInput("{\"ok\":1}\n\n[2]\nnot json\n{\"ok\":5}\n", "put", queue.toString());

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).startsWith("ipsync put: line 4 is not JSON: ").hasLineCount(1);
        assertThat(queue).doesNotExist();
    }

    @Test
    void lineWithTwoValuesIsRejected() {
        CommandRun put = runWithInput("{\"a\":1} {\"b\":2}\n", "put", temp.resolve("queue").toString());

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).contains("line 1 holds more than one JSON value");
    }

    @Test
    void argumentThatIsNotJsonIsRejectedWithItsNumberAndNothingIsPut() {
        Path queue = temp.resolve("queue");

        CommandRun put = run("put", queue.toString(), "{\"ok\":1}", "{broken");

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).startsWith("ipsync put: JSON argument 2 is not JSON: ");
        assertThat(queue).doesNotExist();
    }

    @Test
    void streamPutsTheLinesBeforeABadLine() throws Exception {
        Path queue = temp.resolve("queue");

        CommandRun put = runWithInput("1\n2\noops\n4\n", "put", "--stream", queue.toString());

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).contains("line 3 is not JSON");
        assertThat(QueueContents.drain(queue)).containsExactly("1", "2");
    }

    @Test
    void inputThatIsNotUtf8IsRejectedWithItsLineNumber() {
        byte[] input = {'1', '\n', '"', (byte) 0xff, '"', '\n'};

        CommandRun put = run(new ByteArrayInputStream(input), "put", temp.resolve("queue").toString());

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).contains("line 2 is not UTF-8 text");
    }

    @Test
    void streamWithArgumentsIsAUsageError() {
        CommandRun put = run("put", "--stream", temp.resolve("queue").toString(), "1");

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).contains("--stream reads standard input");
    }
}
