package io.ipsync.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What every scenario works with: the plan, the workspace, the Redis server of the Redis
 * scenarios (none when no Redis scenario runs), the results so far (for figures relative to
 * earlier ones), and standard error for progress.
 */
record BenchContext(BenchPlan plan, Workspace workspace, RedisTarget redis, BenchResults results, PrintWriter progress) {

    /** One line of progress on standard error: {@code bench: <text>}. */
    void say(String format, Object... arguments) {
        progress.println("bench: " + String.format(Locale.ROOT, format, arguments));
        progress.flush();
    }

    void add(Figure figure) {
        results.add(figure);
    }

    /** Records that {@code scenario} could not run here and why, and says so on standard error. */
    void skip(Scenario scenario, String reason) {
        say("%s: skipped: %s", scenario.id, reason);
        results.skip(scenario, reason);
    }

    /** The Redis server; there is one whenever a Redis scenario runs. */
    @Override
    public RedisTarget redis() {
        if (redis == null) {
            throw new IllegalStateException("A Redis scenario runs, but the bench connected to no Redis server");
        }
        return redis;
    }
}
