package io.ipsync.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The results as one Markdown table, columns aligned so that it reads in a terminal too:
 * scenario, metric, value, unit, ratio to the baseline of the same run, and the target of
 * issue 4.
 */
final class ResultTable {

    private static final String[] HEADINGS = {"scenario", "metric", "value", "unit", "ratio to baseline", "target"};

    /** Which columns hold numbers, aligned right. */
    private static final boolean[] NUMERIC = {false, false, true, false, true, false};

    private ResultTable() {
    }

    static String render(BenchResults results) {
        List<String[]> rows = new ArrayList<>();
        for (Figure figure : results.figures()) {
            OptionalDouble ratio = results.ratioToBaseline(figure);
            rows.add(new String[] {
                figure.scenario().id,
                figure.label(),
                number(figure.value()),
                figure.unit(),
                ratio.isPresent() ? number(ratio.getAsDouble()) + " × " + figure.baseline().key : "",
                figure.target() == null ? "" : figure.target()
            });
        }
        int[] widths = new int[HEADINGS.length];
        for (int column = 0; column < HEADINGS.length; column++) {
            widths[column] = HEADINGS[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        StringBuilder table = new StringBuilder();
        line(table, HEADINGS, widths);
        String[] rule = new String[HEADINGS.length];
        for (int column = 0; column < HEADINGS.length; column++) {
            rule[column] = "-".repeat(Math.max(3, widths[column] - 1)) + (NUMERIC[column] ? ":" : "-");
        }
        line(table, rule, widths);
        for (String[] row : rows) {
            line(table, row, widths);
        }
        results.skipped().forEach((scenario, reason) ->
                table.append('\n').append(scenario.id).append(": skipped: ").append(reason).append('\n'));
        return table.toString();
    }

    private static void line(StringBuilder table, String[] cells, int[] widths) {
        table.append('|');
        for (int column = 0; column < cells.length; column++) {
            String padding = " ".repeat(widths[column] - cells[column].length());
            table.append(' ').append(NUMERIC[column] ? padding + cells[column] : cells[column] + padding).append(" |");
        }
        table.append('\n');
    }

    /** A figure with as many digits as mean something: {@code 54,123}, {@code 42.5}, {@code 0.93}. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
