package io.ipsync.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The figures of one bench run, in the order they were measured. Not thread-safe. */
final class BenchResults {

    private final List<Figure> figures = new ArrayList<>();

    private final Map<Scenario, String> skipped = new LinkedHashMap<>();

    void add(Figure figure) {
        figures.add(figure);
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** Records that a scenario could not run here (python3 missing, say), with the reason. */
    void skip(Scenario scenario, String reason) {
        skipped.put(scenario, reason);
    }

    /** The scenarios skipped, in the order they were, with their reasons. */
    Map<Scenario, String> skipped() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** The value of a figure measured earlier in the run, if its scenario ran. */
    OptionalDouble value(Scenario scenario, String key) {
        return figures.stream()
                .filter(figure -> figure.scenario() == scenario && figure.key().equals(key))
                .mapToDouble(Figure::value)
                .findFirst();
    }

    /** The figure as a ratio of its baseline of this run; empty when it has none or the baseline did not run. */
    OptionalDouble ratioToBaseline(Figure figure) {
        if (figure.baseline() == null) {
            return OptionalDouble.empty();
        }
        OptionalDouble limit = value(figure.baseline().scenario, figure.baseline().key);
        if (limit.isEmpty() || limit.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(figure.value() / limit.getAsDouble());
    }
}
