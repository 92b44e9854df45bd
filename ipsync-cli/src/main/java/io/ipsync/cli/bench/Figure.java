package io.ipsync.cli.bench;

/**
 * One measured figure: a row of the table.
 *
 * @param scenario the scenario that measured it
 * @param key a short name, unique within the scenario, for the JSON output: {@code rate}, {@code p99}
 * @param label what the table calls it
 * @param value the figure, in {@code unit}
 * @param baseline the limit it is also shown as a ratio of, or {@code null}
 * @param target what issue 4 asks of it, or {@code null}
 */
record Figure(Scenario scenario, String key, String label, double value, String unit, Baseline baseline, String target) {

    static final String MESSAGES_PER_SECOND = "msg/s";
    static final String MICROSECONDS = "µs";
    static final String MILLISECONDS = "ms";
    static final String SECONDS = "s";
    static final String MEGABYTES = "MB";
    static final String PERCENT_OF_A_CORE = "% of a core";
    static final String MESSAGES = "messages";
    static final String TIMES = "×";

    static Figure of(Scenario scenario, String key, String label, double value, String unit) {
        return new Figure(scenario, key, label, value, unit, null, null);
    }

    Figure comparedWith(Baseline limit) {
        return new Figure(scenario, key, label, value, unit, limit, target);
    }

    Figure withTarget(String wanted) {
        return new Figure(scenario, key, label, value, unit, baseline, wanted);
    }
}
