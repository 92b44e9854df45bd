package io.ipsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesComeFromTheRecordedLatencies() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long micros = 1; micros <= 1_000; micros++) {
            recorder.record(micros * 1_000);
        }

        LatencySummary summary = recorder.summary();

        assertThat(summary.count()).isEqualTo(1_000);
        assertThat(summary.p50()).isBetween(499_000L, 501_000L);
        assertThat(summary.p99()).isBetween(989_000L, 991_000L);
        assertThat(summary.max()).isBetween(999_000L, 1_001_000L);
    }

    @Test
    void aLatencyBelowZeroCountsAsZeroAndIsCounted() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(-5_000);
        recorder.record(7_000);

        LatencySummary summary = recorder.summary();

        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.negative()).isEqualTo(1);
        assertThat(summary.p50()).isZero();
    }
}
