package io.ipsync.cli.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The scenarios of issue 4, in the order the bench runs them. */
enum Scenario {

    BASELINE("baseline", BaselineRun::new),
    PUT("put", PutRun::new),
    DRAIN("drain", DrainRun::new),
    FLAT_OUT("flat-out", FlatOutRun::new),
    PACED("paced", PacedRun::new),
    EVENT("event", EventRun::new),
    IDLE("idle", IdleRun::new),
    DEEP_BACKLOG("deep-backlog", DeepBacklogRun::new);

    /** The name on the command line, in the table and in the JSON output. */
    final String id;

    private final Supplier<ScenarioRun> run;

    Scenario(String id, Supplier<ScenarioRun> run) {
        this.id = id;
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
