package io.ipsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void ratiosAreToTheBaselineOfTheSameRun() {
        BenchResults results = new BenchResults();
        results.add(Figure.of(Scenario.BASELINE, "write", "bare write", 50_000, Figure.MESSAGES_PER_SECOND));
        results.add(Figure.of(Scenario.PUT, "rate", "put", 45_000, Figure.MESSAGES_PER_SECOND)
                .comparedWith(Baseline.WRITE).withTarget("≥ 0.9 × write"));

        List<String> lines = ResultTable.render(results).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(3)).matches("\\| put +\\| put +\\| +45,000 \\| msg/s +\\| +0\\.90 × write \\| ≥ 0\\.9 × write \\|");
    }

    @Test
    void aFigureWhoseBaselineDidNotRunHasNoRatio() {
        BenchResults results = new BenchResults();
        results.add(Figure.of(Scenario.DRAIN, "rate", "drain", 40_000, Figure.MESSAGES_PER_SECOND)
                .comparedWith(Baseline.READ));

        assertThat(results.ratioToBaseline(results.figures().get(0))).isEmpty();
        assertThat(ResultTable.render(results).lines().toList().get(2)).doesNotContain("×");
    }

    @Test
    void columnsAreAlignedSoTheMarkdownReadsInATerminal() {
        BenchResults results = new BenchResults();
        results.add(Figure.of(Scenario.IDLE, "consumerCpu", "consumer CPU", 0.25, Figure.PERCENT_OF_A_CORE));
        results.add(Figure.of(Scenario.DEEP_BACKLOG, "rate", "drain of 1,000,000", 31_234.5, Figure.MESSAGES_PER_SECOND));

        List<String> lines = ResultTable.render(results).lines().toList();

        assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());
        assertThat(lines.get(1)).startsWith("| ---");
    }

    @Test
    void aSkippedScenarioIsNamedBelowTheTableWithItsReason() {
        BenchResults results = new BenchResults();
        results.add(Figure.of(Scenario.PUT, "rate", "put", 45_000, Figure.MESSAGES_PER_SECOND));
        results.skip(Scenario.PYTHON_PACED, PythonPeerScript.MISSING);

        List<String> lines = ResultTable.render(results).lines().toList();

        assertThat(lines).hasSize(5).endsWith("python-paced: skipped: no python3 on the PATH");
        assertThat(lines.get(2)).startsWith("| put ");
    }

    @Test
    void numbersKeepTheDigitsThatMeanSomething() {
        assertThat(ResultTable.number(54_123.4)).isEqualTo("54,123");
        assertThat(ResultTable.number(42.46)).isEqualTo("42.5");
        assertThat(ResultTable.number(0.934)).isEqualTo("0.93");
    }
}
