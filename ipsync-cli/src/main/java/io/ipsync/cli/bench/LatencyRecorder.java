package io.ipsync.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * Records latencies in nanoseconds, to three significant digits at any magnitude (an
 * HdrHistogram that grows as needed). Not thread-safe: one recording thread.
 */
final class LatencyRecorder {

    private final Histogram histogram = new Histogram(3);

    private long negative;

    /** Records one latency; a negative one (the clock stepped back) counts as zero and is counted. */
    void record(long nanos) {
        if (nanos < 0) {
            negative++;
            histogram.recordValue(0);
        } else {
            histogram.recordValue(nanos);
        }
    }

    long count() {
        return histogram.getTotalCount();
    }

    LatencySummary summary() {
        return new LatencySummary(histogram.getTotalCount(), negative,
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue());
    }
}
