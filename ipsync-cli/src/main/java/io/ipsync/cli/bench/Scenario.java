package io.ipsync.cli.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The scenarios, in the order the bench runs them: those of issue 4 on files, those beside a
 * Python producer (issue 14), those of the journal layout (issue 15), then those of the Redis
 * issue on a Redis server.
 */
enum Scenario {

    BASELINE("baseline", BenchTransport.FILE, BaselineRun::new),
    PUT("put", BenchTransport.FILE, PutRun::new),
    DRAIN("drain", BenchTransport.FILE, DrainRun::new),
    FLAT_OUT("flat-out", BenchTransport.FILE, FlatOutRun::new),
    PACED("paced", BenchTransport.FILE, PacedRun::new),
    EVENT("event", BenchTransport.FILE, EventRun::new),
    IDLE("idle", BenchTransport.FILE, IdleRun::new),
    DEEP_BACKLOG("deep-backlog", BenchTransport.FILE, DeepBacklogRun::new),
    CLI_START("cli-start", BenchTransport.FILE, CliStartRun::new),
    PYTHON_PACED("python-paced", BenchTransport.FILE, PythonPacedRun::new),
    PYTHON_FLAT_OUT("python-flat-out", BenchTransport.FILE, PythonFlatOutRun::new),
    WARM_UP("warm-up", BenchTransport.FILE, WarmUpRun::new),
    JOURNAL_BASELINE("journal-baseline", BenchTransport.JOURNAL, JournalRuns.Baseline::new),
    JOURNAL_PUT("journal-put", BenchTransport.JOURNAL, JournalRuns.Put::new),
    JOURNAL_DRAIN("journal-drain", BenchTransport.JOURNAL, JournalRuns.Drain::new),
    JOURNAL_FLAT_OUT("journal-flat-out", BenchTransport.JOURNAL, JournalRuns.FlatOut::new),
    JOURNAL_IDLE("journal-idle", BenchTransport.JOURNAL, JournalRuns.Idle::new),
    JOURNAL_PACED("journal-paced", BenchTransport.JOURNAL, JournalRuns.Paced::new),
    JOURNAL_DEEP_BACKLOG("journal-deep-backlog", BenchTransport.JOURNAL, JournalRuns.DeepBacklog::new),
    JOURNAL_SHELL("journal-shell", BenchTransport.JOURNAL, ShellPipelineRun::new),
    REDIS_BASELINE("redis-baseline", BenchTransport.REDIS, RedisBaselineRun::new),
    REDIS_PUT("redis-put", BenchTransport.REDIS, () -> new RedisPutRun(false)),
    REDIS_PUT_ALL("redis-put-all", BenchTransport.REDIS, () -> new RedisPutRun(true)),
    REDIS_DRAIN("redis-drain", BenchTransport.REDIS, RedisDrainRun::new),
    REDIS_PACED("redis-paced", BenchTransport.REDIS, RedisPacedRun::new),
    REDIS_IDLE("redis-idle", BenchTransport.REDIS, RedisIdleRun::new);

    /** The name on the command line, in the table and in the JSON output. */
    final String id;

    /** The transport it measures. */
    final BenchTransport transport;

    private final Supplier<ScenarioRun> run;

    Scenario(String id, BenchTransport transport, Supplier<ScenarioRun> run) {
        this.id = id;
        this.transport = transport;
        this.run = run;
    }

    ScenarioRun newRun() {
        return run.get();
    }

    /**
     * The scenario called {@code id} (case ignored).
     *
     * @throws IllegalArgumentException naming the scenarios there are
     */
    static Scenario byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(scenario -> scenario.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a scenario; the scenarios are "
                        + allIds()));
    }

    static String allIds() {
        return Arrays.stream(values()).map(scenario -> scenario.id).collect(Collectors.joining(", "));
    }
}
