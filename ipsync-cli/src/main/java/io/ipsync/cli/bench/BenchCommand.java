package io.ipsync.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ipsync bench [--dir DIR] [--messages N] [--backlog N] [--scenarios LIST | --transport LIST]
 * [--redis URI | --redis-server PATH] [--json] [--quick]}: measures ipsync in real processes beside
 * the limits of the bare file system (issue 4) and of a bare Lettuce client on the same Redis
 * server (the Redis issue).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures ipsync as users meet it, in separate processes on one directory (or one Redis server), beside "
                    + "the limit of the bare file system (of a bare Lettuce client on the same server), and prints "
                    + "one table (Markdown) of every figure with its ratio to that limit and its target.",
            "",
            "Scenarios, in the order they run; by default those on files:",
            "  baseline        bare JDK: create + write + rename; list + read + delete",
            "  put             one producer, no consumer",
            "  drain           one consumer on a backlog of --messages",
            "  flat-out        a producer and a consumer: throughput, latency, backlog",
            "  paced           the same at 1,000 and 10,000 msg/s: latency, consumer CPU",
            "  event           wake-up latency of an Event listener in another process",
            "  idle            CPU of a consumer and of an event listener doing nothing",
            "  deep-backlog    a consumer on --backlog messages: first message, rate, memory",
            "  cli-start       one-message puts, whole processes: the launcher, java -jar, python3",
            "  python-paced    a Python producer (as the original writes) at 1,000 msg/s, taken by the",
            "                  original's spinning consumer, then by ipsync's: latency, consumer CPU",
            "  python-flat-out the original's speed test: a Python producer flat out beside its spinning",
            "                  consumer, then beside ipsync's: the producer's rate, the backlog after",
            "  warm-up         a fresh ipsync consumer, 2 s before a Python producer's 1,000 msg/s:",
            "                  latency over each second of traffic, no warm-up",
            "(the three Python ones run the project's Python peer with python3, and are skipped without it)",
            "on journal queues (--transport journal, or --layout journal), with 10 x --messages:",
            "  journal-baseline  bare mapped writes and reads of the same frames, no claims",
            "  journal-put       one producer",
            "  journal-drain     one consumer on a backlog",
            "  journal-flat-out  a producer and a consumer: throughput, latency",
            "  journal-idle      CPU of a consumer with nothing to take",
            "  journal-paced     a producer and a consumer at 100,000 and 1,000 msg/s: latency, CPU",
            "  journal-deep-backlog  a consumer on --backlog messages: first message, rate, memory",
            "  journal-shell     ipsync put of 2 x --backlog lines, two ipsync take sharing them, beside",
            "                    the same on files (2 x --messages lines): launcher processes, end to end",
            "and on Redis (--transport redis, or --redis URI):",
            "  redis-baseline  bare Lettuce: XADD; pipelined XADDs; XREADGROUP + XACK/XDEL",
            "  redis-put       one producer, put one by one",
            "  redis-put-all   one producer, putAll 100 a call",
            "  redis-drain     one consumer on a backlog of --messages",
            "  redis-paced     a producer and a consumer at 1,000 msg/s: latency, CPU",
            "  redis-idle      CPU of a consumer with nothing to take",
            "",
            "Each scenario starts its own JVMs (java -cp <this jar>) with default settings and works in a "
                    + "fresh folder inside --dir (on Redis, on channels of its own), removed at the end. Progress "
                    + "goes to standard error. Baseline, put and drain, on either transport, run three times each "
                    + "(once with --quick) and report their best run (the least disturbed). "
                    + "Latencies are measured between the processes' wall clocks (Instant.now()). The end-to-end "
                    + "runs warm both processes up first (not counted): 30,000 messages flat out, taken before "
                    + "the measured run begins, and for the paced runs 10 s of pacing; then the flat-out run "
                    + "sends --messages, each paced run paces for 10 s; "
                    + "the event scenario sends 1,000 signals without pause to warm up, then 200, 10 ms apart; the idle watch lasts 10 s; "
                    + "python-paced warms up as paced does, python-flat-out after the same burst puts for 10 s, "
                    + "warm-up sends for 5 s without any warm-up. The full run takes a few "
                    + "minutes and, for the deep backlog, a few GB of memory on tmpfs (a page per file); the Redis "
                    + "scenarios take a few minutes more."
        },
        exitCodeOnExecutionException = 3,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every scenario ran",
            "2:usage error",
            "3:a scenario failed, or no Redis server could be started or reached (the reason is on standard error)"
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", order = 1,
            description = "Run in a fresh folder made inside DIR (created if missing), removed at the end. "
                    + "Default: /dev/shm (a RAM disk), else the temporary folder.")
    private Path directory;

    @Option(names = "--messages", paramLabel = "N", order = 2,
            description = "Messages of put, drain and flat-out, and files of the baseline loops (default 100,000); "
                    + "the same for the Redis scenarios.")
    private Long messages;

    @Option(names = "--backlog", paramLabel = "N", order = 3,
            description = "Messages waiting when the deep-backlog consumer starts (default 1,000,000).")
    private Long backlog;

    @Option(names = "--scenarios", paramLabel = "LIST", split = ",", converter = ScenarioConverter.class, order = 4,
            description = "Run only these, e.g. baseline,put,drain or put,redis-baseline,redis-put "
                    + "(default: those of --transport).")
    private List<Scenario> scenarios;

    @Option(names = "--transport", paramLabel = "LIST", split = ",", converter = BenchTransport.Converter.class,
            order = 5, description = "Run every scenario of these transports: file, journal, redis or file,redis "
                    + "(default: file; redis when --redis is given).")
    private List<BenchTransport> transports;

    @Option(names = "--layout", paramLabel = "LAYOUT", order = 5,
            description = "journal: run the journal layout's scenarios, as --transport journal does; files: those on"
                    + " files, as --transport file does.")
    private String layout;

    @Option(names = "--redis", paramLabel = "URI", order = 6,
            description = "The Redis server of the Redis scenarios, redis://[user:password@]host[:port][/database]: "
                    + "they use channels ipsync-bench-<random>-<scenario> and delete their keys at the end (a "
                    + "password reaches the child processes on their command lines). Default: a redis-server that "
                    + "the bench starts on a free loopback port, in the workspace, with " + LocalRedisServer.SETTINGS
                    + ", and stops at the end.")
    private String redis;

    @Option(names = "--redis-server", paramLabel = "PATH", order = 7,
            description = "The redis-server to start when --redis is not given (default: redis-server on the PATH).")
    private String redisServer;

    @Option(names = "--json", order = 8,
            description = "Print the results as one JSON object on standard output (the table goes to standard error).")
    private boolean json;

    @Option(names = "--quick", order = 9,
            description = "Tiny counts, to see that every scenario works (2,000 messages, 20 signals, 1 s idle, "
                    + "20,000 deep backlog, 1 s of Python flat out, 2 s of warm-up traffic): seconds, not minutes; "
                    + "the figures mean little.")
    private boolean quick;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = plan();
        Set<Scenario> selected = selected();
        boolean onRedis = selected.stream().anyMatch(scenario -> scenario.transport == BenchTransport.REDIS);
        // Before anything runs: a missing redis-server fails the bench at once, not after the file scenarios.
        Path redisBinary = onRedis && redis == null
                ? LocalRedisServer.find(redisServer == null ? LocalRedisServer.DEFAULT_BINARY : redisServer) : null;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadAverage loadBefore = LoadAverage.now();
        long start = System.nanoTime();
        BenchResults results = new BenchResults();
        String where;
        String fileSystem;
        String redisDescription;
        try (Workspace workspace = Workspace.create(directory);
                RedisTarget redisTarget = onRedis ? connectRedis(workspace, redisBinary) : null) {
            where = workspace.root().toString();
            fileSystem = workspace.fileSystemType();
            redisDescription = redisTarget == null ? null : redisTarget.description();
            BenchContext context = new BenchContext(plan, workspace, redisTarget, results, err);
            context.say("working in %s (%s); load average %s", where, fileSystem, loadBefore);
            if (redisTarget != null) {
                context.say("Redis scenarios on %s", redisDescription);
            }
            for (Scenario scenario : selected) {
                long scenarioStart = System.nanoTime();
                scenario.newRun().run(context);
                context.say("%s: done in %.1f s", scenario.id, (System.nanoTime() - scenarioStart) / 1e9);
            }
        }
        RunInfo info = new RunInfo(version(), System.getProperty("java.version") + " (file notifications: " + ChildJvm.notificationSource() + ")",
                Runtime.getRuntime().availableProcessors(), where, fileSystem, quick, loadBefore, LoadAverage.now(),
                Duration.ofNanos(System.nanoTime() - start), redisDescription);
        String table = info.describe(plan) + "\n\n" + ResultTable.render(results);
        if (json) {
            err.println();
            err.print(table);
            err.flush();
            out.println(JsonReport.render(info, plan, selected, results));
        } else {
            out.print(table);
        }
        out.flush();
        return 0;
    }

    private BenchPlan plan() {
        BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
        if (messages != null) {
            plan = plan.withMessages(atLeastOne(messages, "--messages"));
        }
        if (backlog != null) {
            plan = plan.withBacklog(atLeastOne(backlog, "--backlog"));
        }
        return plan;
    }

    /** The scenarios named, else those of the transports asked for, in the order they run. */
    private Set<Scenario> selected() {
        if (layout != null) {
            if (transports != null && !transports.isEmpty()) {
                throw usageError("--layout and --transport both choose the scenarios: give one of them");
            }
            if (!layout.equals("journal") && !layout.equals("files")) {
                throw usageError("--layout takes files or journal, not '" + layout + "'");
            }
            transports = List.of(layout.equals("journal") ? BenchTransport.JOURNAL : BenchTransport.FILE);
        }
        boolean named = scenarios != null && !scenarios.isEmpty();
        boolean byTransport = transports != null && !transports.isEmpty();
        if (named && byTransport) {
            throw usageError("--scenarios and --transport both choose the scenarios: give one of them");
        }
        if (redis != null && redisServer != null) {
            throw usageError("--redis names a running server and --redis-server one to start: give one of them");
        }
        if (redis != null) {
            try {
                RedisTarget.serverDescription(redis);
            } catch (IllegalArgumentException e) {
                throw usageError("--redis: " + e.getMessage());
            }
        }
        Set<Scenario> selected;
        if (named) {
            selected = EnumSet.copyOf(scenarios);
        } else {
            Set<BenchTransport> wanted = byTransport ? EnumSet.copyOf(transports)
                    : EnumSet.of(redis != null ? BenchTransport.REDIS : BenchTransport.FILE);
            selected = Arrays.stream(Scenario.values()).filter(scenario -> wanted.contains(scenario.transport))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scenario.class)));
        }
        boolean onRedis = selected.stream().anyMatch(scenario -> scenario.transport == BenchTransport.REDIS);
        if ((redis != null || redisServer != null) && !onRedis) {
            throw usageError((redis != null ? "--redis" : "--redis-server") + " is for the Redis scenarios, and none of "
                    + "them was chosen");
        }
        return selected;
    }

    /** The server of {@code --redis}, else one started now in the workspace, stopped when the target closes. */
    private RedisTarget connectRedis(Workspace workspace, Path redisBinary) throws Exception {
        if (redis != null) {
            return RedisTarget.connect(redis, null);
        }
        LocalRedisServer local = LocalRedisServer.start(redisBinary, workspace.newFolder("redis-server"));
        return RedisTarget.connect(local.uri(), local);
    }

    private long atLeastOne(long value, String option) {
        if (value < 1) {
            throw usageError(option + " must be at least 1 but was " + value);
        }
        return value;
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String version() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = BenchCommand.class.getResourceAsStream("/io/ipsync/cli/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return properties.getProperty("version", "(unknown version)");
    }
}
