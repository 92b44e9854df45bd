package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ipsync bench} run in this JVM: its command line, and its children started from class folders. */
class BenchCommandTest {

    @TempDir
    Path temp;

    @Test
    void helpListsEveryScenario() {
        CommandRun help = run("bench", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("baseline", "put", "drain", "flat-out", "paced", "event", "idle", "deep-backlog",
                "--scenarios", "--quick", "--json");
    }

    @Test
    void unknownScenarioIsAUsageErrorThatNamesTheScenarios() {
        CommandRun bench = run("bench", "--scenarios", "put,flatout", "--dir", temp.toString());

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("'flatout' is not a scenario")
                .contains("baseline, put, drain, flat-out, paced, event, idle, deep-backlog");
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void messagesBelowOneIsAUsageError() {
        CommandRun bench = run("bench", "--messages", "0", "--dir", temp.toString());

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--messages must be at least 1 but was 0");
        assertThat(temp).isEmptyDirectory();
    }

    /**
     * Run from class folders (as here, or in an IDE) there is no jar to start children from: they
     * get this JVM's class path. The producer child must start, put and report.
     */
    @Test
    void benchRunFromClassFoldersStartsItsChildrenWithThisClassPath() throws IOException {
        CommandRun bench = run("bench", "--quick", "--json", "--scenarios", "put", "--messages", "50",
                "--dir", temp.toString());

        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode put = JsonMapper.builder().build().readTree(bench.out()).get("scenarios").get("put");
        assertThat(put.get("rate").get("value").asDouble()).isPositive();
        assertThat(put.get("rate").get("unit").asString()).isEqualTo("msg/s");
        assertThat(bench.err()).contains("bench: put: done", "| put ");
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("the workspace is removed").isEmpty();
        }
    }
}
