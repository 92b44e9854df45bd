package io.ipsync.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much each scenario does.
 *
 * @param messages messages of put, drain and the flat-out run, and files of the baseline loops
 * @param backlog messages waiting when the deep-backlog consumer starts
 * @param pacedRates the rates of the paced runs, in messages a second
 * @param pacedFor how long each paced run sends
 * @param warmupBurst messages sent flat out, and taken, before each end-to-end run, not measured:
 *     the JIT compilers' warm-up
 * @param repeats how many times the baseline, put and drain scenarios run, each in fresh
 *     processes: the best run counts, the least disturbed by whatever else the machine does
 * @param eventSignals signals measured in the event scenario (after five times as many for warm-up)
 * @param eventSpacing the pause after each wake-up before the next signal
 * @param idleFor how long the idle processes are watched
 * @param idleSettle the pause between a child saying {@code ready} and the start of its idle watch
 * @param cliStartRounds rounds of one-message puts in the cli-start scenario (launcher, java -jar, python3)
 * @param batch messages per {@code putAll} and per flush of the pipelined {@code XADD}s, and the
 *     {@code COUNT} of the bare {@code XREADGROUP} drain (Redis scenarios)
 * @param pythonFlatOutFor how long the Python producer of python-flat-out puts flat out, beside
 *     each consumer
 * @param warmUpFor how long the traffic of the warm-up scenario lasts (its figures are per second)
 */
record BenchPlan(long messages, long backlog, List<Integer> pacedRates, Duration pacedFor, long warmupBurst,
        int repeats, int eventSignals, Duration eventSpacing, Duration idleFor, Duration idleSettle, int cliStartRounds,
        int batch, Duration pythonFlatOutFor, Duration warmUpFor) {

    static final long DEFAULT_MESSAGES = 100_000;
    static final long DEFAULT_BACKLOG = 1_000_000;
    static final int DEFAULT_BATCH = 100;

    /** The run of issue 4. */
    static BenchPlan full() {
        return new BenchPlan(DEFAULT_MESSAGES, DEFAULT_BACKLOG, List.of(1_000, 10_000), Duration.ofSeconds(10), 30_000,
                3, 200, Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofSeconds(1), 20, DEFAULT_BATCH,
                Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /** Tiny counts: proves that every scenario works, in seconds; its figures mean little. */
    static BenchPlan quick() {
        return new BenchPlan(2_000, 20_000, List.of(1_000, 10_000), Duration.ofSeconds(1), 200,
                1, 20, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofMillis(200), 2, DEFAULT_BATCH,
                Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    BenchPlan withMessages(long count) {
        return new BenchPlan(count, backlog, pacedRates, pacedFor, warmupBurst, repeats, eventSignals, eventSpacing,
                idleFor, idleSettle, cliStartRounds, batch, pythonFlatOutFor, warmUpFor);
    }

    BenchPlan withBacklog(long count) {
        return new BenchPlan(messages, count, pacedRates, pacedFor, warmupBurst, repeats, eventSignals, eventSpacing,
                idleFor, idleSettle, cliStartRounds, batch, pythonFlatOutFor, warmUpFor);
    }
}
