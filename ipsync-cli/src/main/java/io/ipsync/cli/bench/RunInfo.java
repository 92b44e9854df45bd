package io.ipsync.cli.bench;

import java.time.Duration;

/**
 * Where and when a bench ran, printed above its table: the figures mean little without it.
 *
 * @param version ipsync's version
 * @param java the Java version that ran the bench and its children
 * @param cpus the processors the JVM sees
 * @param directory the workspace
 * @param fileSystem the workspace's file-system type
 * @param quick whether the counts were the tiny ones of {@code --quick}
 * @param loadBefore the load average when the bench began
 * @param loadAfter the load average when it ended
 * @param took how long the whole run took
 * @param redis the Redis server of the Redis scenarios ({@link RedisTarget#description()}), or
 *     {@code null} when none ran
 */
record RunInfo(String version, String java, int cpus, String directory, String fileSystem, boolean quick,
        LoadAverage loadBefore, LoadAverage loadAfter, Duration took, String redis) {

    /** The run in one or two lines of text. */
    String describe(BenchPlan plan) {
        return "ipsync " + version + " bench" + (quick ? " (--quick: tiny counts, the figures mean little)" : "")
                + ", Java " + java + ", " + cpus + " CPUs, in " + directory + " (" + fileSystem + ");\n"
                + Rate.grouped(plan.messages()) + " messages, deep backlog " + Rate.grouped(plan.backlog())
                + "; load average " + loadBefore + " before, " + loadAfter + " after; took " + minutesAndSeconds(took) + "."
                + (redis == null ? "" : "\nRedis: " + redis + "; batches of " + plan.batch() + ".");
    }

    private static String minutesAndSeconds(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
