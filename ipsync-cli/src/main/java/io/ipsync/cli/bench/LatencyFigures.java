package io.ipsync.cli.bench;

/** The rows of a latency distribution: p50, p99, p99.9 and max, in microseconds. */
final class LatencyFigures {

    private LatencyFigures() {
    }

    /**
     * Adds the rows.
     *
     * @param keyPrefix put before each key ({@code "1000."}), or empty
     * @param labelPrefix put before each label ({@code "1,000 msg/s: "}), or empty
     * @param p50Target what issue 4 asks of the median, or {@code null}
     * @param p99Target what it asks of the 99th percentile, or {@code null}
     */
    static void add(BenchContext context, Scenario scenario, String keyPrefix, String labelPrefix,
            LatencySummary latency, String p50Target, String p99Target) {
        String prefix = labelPrefix;
        context.add(row(scenario, keyPrefix + "p50", prefix + "latency p50", latency.p50()).withTarget(p50Target));
        context.add(row(scenario, keyPrefix + "p99", prefix + "latency p99", latency.p99()).withTarget(p99Target));
        context.add(row(scenario, keyPrefix + "p999", prefix + "latency p99.9", latency.p999()));
        context.add(row(scenario, keyPrefix + "max", prefix + "latency max", latency.max()));
    }

    private static Figure row(Scenario scenario, String key, String label, long nanos) {
        return Figure.of(scenario, key, label, Rate.micros(nanos), Figure.MICROSECONDS);
    }
}
