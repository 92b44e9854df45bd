package io.ipsync.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What every scenario works with: the plan, the workspace, the results so far (for figures
 * relative to earlier ones), and standard error for progress.
 */
record BenchContext(BenchPlan plan, Workspace workspace, BenchResults results, PrintWriter progress) {

    /** One line of progress on standard error: {@code bench: <text>}. */
    void say(String format, Object... arguments) {
        progress.println("bench: " + String.format(Locale.ROOT, format, arguments));
        progress.flush();
    }

    void add(Figure figure) {
        results.add(figure);
    }
}
