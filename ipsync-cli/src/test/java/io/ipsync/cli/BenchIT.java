package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.test.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar ipsync.jar bench --quick --json}: every scenario runs in child JVMs started from
 * the shaded jar and reports its figures; the Redis scenarios on a {@code redis-server} that the
 * bench starts itself. A smoke test: what the figures are is never asserted (the machine is
 * shared), only that each is there and is a measurement.
 */
class BenchIT {

    private static final List<String> SCENARIOS =
            List.of("baseline", "put", "drain", "flat-out", "paced", "event", "idle", "deep-backlog", "cli-start");

    private static final List<String> REDIS_SCENARIOS =
            List.of("redis-baseline", "redis-put", "redis-put-all", "redis-drain", "redis-paced", "redis-idle");

    /** The journal's scenarios that need the packaged launcher (journal-shell) beside the others. */
    private static final List<String> JOURNAL_SCENARIOS = List.of("journal-baseline", "journal-shell");

    /** How long the bench may go without a progress line before it is taken for hung. */
    private static final long SILENCE_LIMIT_MINUTES = 3;

    /** A bound on the whole run, should something keep printing without the bench ending (ten times its usual length). */
    private static final long OVERALL_LIMIT_MINUTES = 20;

    @TempDir
    Path temp;

    @Test
    void quickBenchRunsEveryScenarioAndReportsAMeasurementForEachFigure() throws Exception {
        Path out = temp.resolve("bench.json");
        Path err = temp.resolve("bench.err");
        Path workspaces = workspaceParent();
        try {
            JsonNode scenarios = runQuickBench(out, err, workspaces, SCENARIOS);
            assertThat(scenarios.get("put").get("rate").get("ratioToBaseline").asDouble()).isPositive();
            assertThat(scenarios.get("drain").get("rate").get("ratioToBaseline").asDouble()).isPositive();
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("| scenario ", "| deep-backlog ");
        } finally {
            Files.deleteIfExists(workspaces); // empty if the bench cleaned up, which is asserted
        }
    }

    /**
     * journal-shell runs the launcher that package put beside the jar: a put of lines and two takes,
     * on a journal and on files, all lines taken by the takes together.
     */
    @Test
    void quickBenchRunsTheJournalsShellPipelineThroughTheLauncher() throws Exception {
        Path out = temp.resolve("bench.json");
        Path err = temp.resolve("bench.err");
        Path workspaces = workspaceParent();
        try {
            JsonNode scenarios = runQuickBench(out, err, workspaces, JOURNAL_SCENARIOS);
            JsonNode shell = scenarios.get("journal-shell");
            assertThat(shell.get("journalRate").get("value").asDouble()).isPositive();
            assertThat(shell.get("filesRate").get("value").asDouble()).isPositive();
            assertThat(shell.get("journalToFiles").get("target").asString()).isEqualTo("≥ 20");
        } finally {
            Files.deleteIfExists(workspaces);
        }
    }

    /**
     * The Redis scenarios from the shaded jar, whose children find the Redis transport and Lettuce
     * in it, on a server the bench starts in its workspace (the one on the PATH, as the test's own
     * {@link RedisServer} finds it) and stops.
     */
    @Test
    void quickBenchRunsEveryRedisScenarioOnAServerItStartsAndReportsAMeasurementForEachFigure() throws Exception {
        Path binary;
        try (RedisServer redis = new RedisServer()) {
            redis.start(); // finds redis-server, or skips the test where there is none
            binary = redis.binary();
        }
        Path out = temp.resolve("bench.json");
        Path err = temp.resolve("bench.err");
        Path workspaces = workspaceParent();
        try {
            JsonNode scenarios = runQuickBench(out, err, workspaces, REDIS_SCENARIOS, "--redis-server", binary.toString());
            for (String scenario : List.of("redis-put", "redis-put-all", "redis-drain")) {
                assertThat(scenarios.get(scenario).get("rate").get("ratioToBaseline").asDouble()).as(scenario).isPositive();
            }
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("started by the bench", "| redis-idle ");
        } finally {
            Files.deleteIfExists(workspaces);
        }
    }

    /**
     * Waits for the bench for as long as it reports progress (its progress lines on standard
     * error): a bench on a slow disk (where {@code /dev/shm} is missing) or a loaded machine takes
     * longer, and is not a failure; one that reports nothing for {@link #SILENCE_LIMIT_MINUTES} is.
     */
    private static void awaitWhileItProgresses(Process bench, Path err) throws Exception {
        long lastSize = -1;
        long lastProgress = System.nanoTime();
        long started = System.nanoTime();
        while (!bench.waitFor(1, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime() - started).as("bench --quick still running after " + OVERALL_LIMIT_MINUTES
                    + " minutes, whatever it printed").isLessThan(TimeUnit.MINUTES.toNanos(OVERALL_LIMIT_MINUTES));
            long size = Files.size(err);
            if (size != lastSize) {
                lastSize = size;
                lastProgress = System.nanoTime();
            }
            assertThat(System.nanoTime() - lastProgress)
                    .as("bench --quick reported no progress for " + SILENCE_LIMIT_MINUTES + " minutes:%n%s",
                            Files.readString(err, StandardCharsets.UTF_8))
                    .isLessThan(TimeUnit.MINUTES.toNanos(SILENCE_LIMIT_MINUTES));
        }
    }

    /** Runs the quick bench on the scenarios, checks every figure and the clean-up, and returns the scenarios' figures. */
    private JsonNode runQuickBench(Path out, Path err, Path workspaces, List<String> scenarioIds, String... more)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of("bench", "--quick", "--json", "--dir", workspaces.toString(),
                "--scenarios", String.join(",", scenarioIds)));
        arguments.addAll(List.of(more));
        Process bench = ShadedJar.command(arguments.toArray(String[]::new))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            awaitWhileItProgresses(bench, err);
        } finally {
            bench.destroyForcibly();
        }
        String progress = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(bench.exitValue()).as(progress).isZero();

        JsonNode report = JsonMapper.builder().build().readTree(out.toFile());
        assertThat(report.get("settings").get("quick").asBoolean()).isTrue();
        JsonNode scenarios = report.get("scenarios");
        assertThat(names(scenarios)).containsExactlyElementsOf(scenarioIds);
        for (String scenario : scenarioIds) {
            JsonNode figures = scenarios.get(scenario);
            assertThat(names(figures)).as(scenario).isNotEmpty();
            for (Map.Entry<String, JsonNode> figure : figures.properties()) {
                String what = scenario + " " + figure.getKey();
                double value = figure.getValue().get("value").asDouble();
                String unit = figure.getValue().get("unit").asString();
                assertThat(value).as(what).isFinite().isNotNegative();
                if (unit.equals("msg/s") || unit.equals("µs") || unit.equals("MB")) {
                    assertThat(value).as(what + " is a rate, a latency or a size: never zero").isPositive();
                }
            }
        }
        try (Stream<Path> left = Files.list(workspaces)) {
            assertThat(left).as("the workspace is removed").isEmpty();
        }
        return scenarios;
    }

    /**
     * A fresh folder on the RAM disk the bench is made for, where there is one: on a disk, file
     * creation can be so slow that the quick run takes minutes.
     */
    private Path workspaceParent() throws IOException {
        Path ramDisk = Path.of("/dev/shm");
        if (Files.isDirectory(ramDisk) && Files.isWritable(ramDisk)) {
            return Files.createTempDirectory(ramDisk, "ipsync-bench-it-");
        }
        return Files.createDirectory(temp.resolve("work"));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
