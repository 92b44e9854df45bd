package io.ipsync.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ipsync bench [--dir DIR] [--messages N] [--backlog N] [--scenarios LIST] [--json] [--quick]}:
 * measures ipsync in real processes beside the bare file system's limit (issue 4).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures ipsync as users meet it, in separate processes on one directory, beside the limit of the "
                    + "bare file system, and prints one table (Markdown) of every figure with its ratio to that "
                    + "limit and its target.",
            "",
            "Scenarios, in the order they run:",
            "  baseline      bare JDK: create + write + rename; list + read + delete",
            "  put           one producer, no consumer",
            "  drain         one consumer on a backlog of --messages",
            "  flat-out      a producer and a consumer: throughput, latency, backlog",
            "  paced         the same at 1,000 and 10,000 msg/s: latency, consumer CPU",
            "  event         wake-up latency of an Event listener in another process",
            "  idle          CPU of a consumer and of an event listener doing nothing",
            "  deep-backlog  a consumer on --backlog messages: first message, rate, memory",
            "",
            "Each scenario starts its own JVMs (java -cp <this jar>) with default settings and works in a "
                    + "fresh folder inside --dir, removed at the end. Progress goes to standard error. Baseline, put "
                    + "and drain run three times each (once with --quick) and report their best run (the least disturbed). "
                    + "Latencies are measured between the processes' wall clocks (Instant.now()). The end-to-end "
                    + "runs warm both processes up first (not counted): 30,000 messages flat out, taken before "
                    + "the measured run begins, and for the paced runs 10 s of pacing; then the flat-out run "
                    + "sends --messages, each paced run paces for 10 s; "
                    + "the event scenario sends 1,000 signals without pause to warm up, then 200, 10 ms apart; the idle watch lasts 10 s. The full run takes a few "
                    + "minutes and, for the deep backlog, a few GB of memory on tmpfs (a page per file)."
        },
        exitCodeOnExecutionException = 3,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every scenario ran",
            "2:usage error",
            "3:a scenario failed (the reason is on standard error)"
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", order = 1,
            description = "Run in a fresh folder made inside DIR (created if missing), removed at the end. "
                    + "Default: /dev/shm (a RAM disk), else the temporary folder.")
    private Path directory;

    @Option(names = "--messages", paramLabel = "N", order = 2,
            description = "Messages of put, drain and flat-out, and files of the baseline loops (default 100,000).")
    private Long messages;

    @Option(names = "--backlog", paramLabel = "N", order = 3,
            description = "Messages waiting when the deep-backlog consumer starts (default 1,000,000).")
    private Long backlog;

    @Option(names = "--scenarios", paramLabel = "LIST", split = ",", converter = ScenarioConverter.class, order = 4,
            description = "Run only these, e.g. baseline,put,drain (default: all).")
    private List<Scenario> scenarios;

    @Option(names = "--json", order = 5,
            description = "Print the results as one JSON object on standard output (the table goes to standard error).")
    private boolean json;

    @Option(names = "--quick", order = 6,
            description = "Tiny counts, to see that every scenario works (2,000 messages, 20 signals, 1 s idle, "
                    + "20,000 deep backlog): seconds, not minutes; the figures mean little.")
    private boolean quick;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = plan();
        Set<Scenario> selected = scenarios == null || scenarios.isEmpty()
                ? EnumSet.allOf(Scenario.class) : EnumSet.copyOf(scenarios);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadAverage loadBefore = LoadAverage.now();
        long start = System.nanoTime();
        BenchResults results = new BenchResults();
        String where;
        String fileSystem;
        try (Workspace workspace = Workspace.create(directory)) {
            where = workspace.root().toString();
            fileSystem = workspace.fileSystemType();
            BenchContext context = new BenchContext(plan, workspace, results, err);
            context.say("working in %s (%s); load average %s", where, fileSystem, loadBefore);
            for (Scenario scenario : selected) {
                long scenarioStart = System.nanoTime();
                scenario.newRun().run(context);
                context.say("%s: done in %.1f s", scenario.id, (System.nanoTime() - scenarioStart) / 1e9);
            }
        }
        RunInfo info = new RunInfo(version(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), where, fileSystem, quick, loadBefore, LoadAverage.now(),
                Duration.ofNanos(System.nanoTime() - start));
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

    private long atLeastOne(long value, String option) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1 but was " + value);
        }
        return value;
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
