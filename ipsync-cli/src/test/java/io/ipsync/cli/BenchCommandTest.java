package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.test.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ipsync bench} run in this JVM: its command line, and its children started from class folders. */
class BenchCommandTest {

    private static final String REDIS_SCENARIOS = "redis-baseline,redis-put,redis-put-all,redis-drain,redis-paced,redis-idle";

    @TempDir
    Path temp;

    @Test
    void helpListsEveryScenario() {
        CommandRun help = run("bench", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("baseline", "put", "drain", "flat-out", "paced", "event", "idle", "deep-backlog",
                "cli-start", "python-paced", "python-flat-out", "warm-up", "--scenarios", "--quick", "--json");
        assertThat(help.out()).contains("journal-baseline", "journal-put", "journal-drain", "journal-flat-out", "journal-idle",
                "--layout");
        assertThat(help.out()).contains("redis-baseline", "redis-put", "redis-put-all", "redis-drain", "redis-paced",
                "redis-idle", "--transport", "--redis", "--redis-server");
    }

    @Test
    void scenariosAndTransportTogetherAreAUsageError() {
        CommandRun bench = run("bench", "--scenarios", "put", "--transport", "redis", "--dir", temp.toString());

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--scenarios and --transport both choose the scenarios");
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void aRedisServerWithoutRedisScenariosIsAUsageError() {
        CommandRun bench = run("bench", "--scenarios", "put", "--redis", "redis://127.0.0.1:6379", "--dir", temp.toString());

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--redis is for the Redis scenarios, and none of them was chosen");
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void aMissingRedisServerFailsAtOnceSayingHowToInstallIt() {
        CommandRun bench = run("bench", "--quick", "--scenarios", "put,redis-put", "--redis-server",
                temp.resolve("no-such-redis-server").toString(), "--dir", temp.toString());

        assertThat(bench.exitCode()).isEqualTo(3);
        assertThat(bench.err()).contains("no-such-redis-server is not an executable file", "Install Redis",
                "apt-get install redis-server", "--redis redis://host:port");
        assertThat(bench.err()).as("no scenario ran").doesNotContain("bench: put");
        assertThat(temp).isEmptyDirectory();
    }

    /**
     * Every Redis scenario, quick, on a server of the test's own (with a password, which no output
     * may show): each reports every figure, and the bench leaves no key behind.
     */
    @Test
    void redisScenariosRunOnTheServerGivenReportEveryFigureAndLeaveNoKey() throws Exception {
        try (RedisServer redis = new RedisServer(List.of("--appendonly", "no", "--requirepass", "bench-pw"))) {
            redis.start();
            String server = redis.uri().replace("redis://", "redis://default:bench-pw@");

            CommandRun bench = run("bench", "--quick", "--json", "--redis", server, "--scenarios", REDIS_SCENARIOS,
                    "--messages", "300", "--dir", temp.toString());

            assertThat(bench.exitCode()).as(bench.err()).isZero();
            assertThat(bench.out() + bench.err()).doesNotContain("bench-pw");
            JsonNode report = JsonMapper.builder().build().readTree(bench.out());
            assertThat(report.get("redis").asString()).startsWith("redis://default@127.0.0.1:" + redis.port() + " (Redis ")
                    .doesNotContain("started by the bench");
            JsonNode scenarios = report.get("scenarios");
            assertThat(figures(scenarios.get("redis-baseline"))).containsOnlyKeys("xadd", "xaddPipelined", "xreadgroup",
                    "xreadgroupBatchAck");
            assertThat(figures(scenarios.get("redis-put"))).containsOnlyKeys("rate");
            assertThat(figures(scenarios.get("redis-put-all"))).containsOnlyKeys("rate");
            assertThat(figures(scenarios.get("redis-drain"))).containsOnlyKeys("rate", "firstMessage");
            assertThat(figures(scenarios.get("redis-paced"))).containsOnlyKeys("1000.putRate", "1000.p50", "1000.p99",
                    "1000.p999", "1000.max", "1000.consumerCpu");
            assertThat(figures(scenarios.get("redis-idle"))).containsOnlyKeys("consumerCpu");
            for (String scenario : List.of("redis-put", "redis-put-all", "redis-drain")) {
                assertThat(scenarios.get(scenario).get("rate").get("ratioToBaseline").asDouble()).as(scenario).isPositive();
            }
            assertThat(redis.commands().keys("*")).as("every key of the bench's queues is deleted").isEmpty();
        }
        assertThat(temp).isEmptyDirectory();
    }

    /** Without --redis the bench starts a redis-server of its own in the workspace, says so, and stops it. */
    @Test
    void withoutAServerTheBenchStartsOneOfItsOwnAndStopsIt() throws Exception {
        Path binary;
        try (RedisServer redis = new RedisServer()) {
            redis.start(); // finds redis-server, or skips the test where there is none
            binary = redis.binary();
        }

        CommandRun bench = run("bench", "--quick", "--json", "--scenarios", "redis-put", "--messages", "50",
                "--redis-server", binary.toString(), "--dir", temp.toString());

        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(bench.out());
        String redis = report.get("redis").asString();
        assertThat(redis).startsWith("redis://127.0.0.1:").contains("started by the bench", "--save \"\" --appendonly no");
        long pid = Long.parseLong(redis.replaceAll(".*\\(pid (\\d+),.*", "$1"));
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the server is stopped").isEmpty();
        assertThat(bench.err()).contains("bench: Redis scenarios on redis://127.0.0.1:");
        assertThat(temp).isEmptyDirectory();
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

    /** The journal layout's scenarios, chosen by --layout journal, run on journal queues and report every figure. */
    @Test
    void journalScenariosRunOnJournalQueuesAndReportEveryFigure() throws IOException {
        CommandRun bench = run("bench", "--quick", "--json", "--scenarios", "journal-baseline,journal-put,journal-drain,"
                + "journal-flat-out,journal-idle,journal-paced,journal-deep-backlog", "--messages", "300", "--backlog", "3000",
                "--dir", temp.toString());

        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode scenarios = JsonMapper.builder().build().readTree(bench.out()).get("scenarios");
        assertThat(figures(scenarios.get("journal-baseline"))).containsOnlyKeys("mappedWrite", "mappedRead",
                "mappedWriteJackson", "mappedReadJackson");
        assertThat(figures(scenarios.get("journal-put"))).containsOnlyKeys("rate");
        assertThat(figures(scenarios.get("journal-drain"))).containsOnlyKeys("rate", "firstMessage");
        assertThat(figures(scenarios.get("journal-flat-out"))).containsKeys("throughput", "p50", "p99");
        assertThat(figures(scenarios.get("journal-idle"))).containsOnlyKeys("consumerCpu");
        assertThat(figures(scenarios.get("journal-paced"))).containsKeys("100000.p99", "1000.p50", "1000.consumerCpu");
        assertThat(figures(scenarios.get("journal-deep-backlog"))).containsKeys("firstMessage", "open", "afterOpen", "rate", "heapAfterGc");
        assertThat(scenarios.get("journal-put").get("rate").get("ratioToBaseline").asDouble()).isPositive();
        assertThat(bench.err()).contains("journal-put: one producer puts 3,000 messages into a journal");
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("the workspace is removed").isEmpty();
        }
    }

    /** cli-start times the launcher that package puts beside the jar: from class folders there is none. */
    @Test
    void cliStartWithoutTheLauncherFailsSayingWhereItLooked() throws IOException {
        CommandRun bench = run("bench", "--quick", "--scenarios", "cli-start", "--dir", temp.toString());

        assertThat(bench.exitCode()).isEqualTo(3);
        assertThat(bench.err()).contains("cli-start times the launcher beside ipsync.jar");
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("the workspace is removed").isEmpty();
        }
    }

    /**
     * The scenarios beside a Python producer (the project's Python peer, run from the class
     * folders' copy of it), quick: the paced and warm-up runs fail unless every message crosses;
     * each reports every figure of both consumers, and the flat-out counts add up.
     */
    @Test
    void pythonScenariosReportEveryFigureOfBothConsumers() throws IOException {
        Assumptions.assumeTrue(pythonRuns(), "python3 not found: the Python scenarios are skipped");

        CommandRun bench = run("bench", "--quick", "--json", "--scenarios", "python-paced,python-flat-out,warm-up",
                "--dir", temp.toString());

        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(bench.out());
        assertThat(report.has("skipped")).as("nothing skipped").isFalse();
        JsonNode scenarios = report.get("scenarios");
        Map<String, JsonNode> paced = figures(scenarios.get("python-paced"));
        for (String consumer : List.of("spinning", "ipsync")) {
            for (String figure : List.of("putRate", "p50", "p99", "p999", "max")) {
                assertThat(paced.get(consumer + "." + figure).get("value").asDouble()).as(consumer + "." + figure).isPositive();
            }
            assertThat(paced).containsKey(consumer + ".consumerCpu");
        }
        assertThat(paced).containsKeys("p50ToSpinning", "p99ToSpinning");
        assertThat(paced.get("ipsync.p99").get("target").asString()).endsWith("µs (spinning's)");

        Map<String, JsonNode> flatOut = figures(scenarios.get("python-flat-out"));
        for (String consumer : List.of("spinning", "ipsync")) {
            long put = flatOut.get(consumer + ".put").get("value").asLong();
            long taken = flatOut.get(consumer + ".taken").get("value").asLong();
            long waiting = flatOut.get(consumer + ".backlogAfter").get("value").asLong();
            assertThat(put).as(consumer + ": messages put").isPositive();
            assertThat(flatOut.get(consumer + ".putRate").get("value").asDouble()).as(consumer).isPositive();
            assertThat(taken).as(consumer + ": taken, at most what was put, at least what was not left waiting")
                    .isBetween(put - waiting, put);
            assertThat(flatOut).containsKeys(consumer + ".producerCpu", consumer + ".consumerCpu");
        }
        assertThat(flatOut.get("rateRatio").get("value").asDouble()).isPositive();

        Map<String, JsonNode> warmUp = figures(scenarios.get("warm-up"));
        assertThat(warmUp).containsKeys("readyAfter", "consumerCpu", "second1.p50", "second1.max", "second2.p99")
                .doesNotContainKey("second3.p99");
        assertThat(warmUp.get("second1.p99").get("value").asDouble()).isPositive();
        assertThat(warmUp.get("lead").get("value").asDouble()).as("traffic begins 2 s after the JVM start, or later")
                .isGreaterThanOrEqualTo(2_000);
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("the workspace is removed").isEmpty();
        }
    }

    private static boolean pythonRuns() {
        try {
            Process version = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            version.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!version.waitFor(30, TimeUnit.SECONDS)) {
                version.destroyForcibly();
                return false;
            }
            return version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, JsonNode> figures(JsonNode scenario) {
        assertThat(scenario).as("the scenario ran").isNotNull();
        Map<String, JsonNode> figures = new java.util.LinkedHashMap<>();
        scenario.properties().forEach(figure -> figures.put(figure.getKey(), figure.getValue()));
        figures.forEach((key, figure) -> assertThat(figure.get("value").asDouble()).as(key).isFinite().isNotNegative());
        return figures;
    }
}
