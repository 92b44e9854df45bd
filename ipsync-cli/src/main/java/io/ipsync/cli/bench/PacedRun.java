package io.ipsync.cli.bench;

/**
 * Scenario 5: one producer putting at a steady rate (each rate of the plan in turn), one
 * consumer: latency, and what the consumer's CPU costs while it keeps up, once warm: a burst
 * of messages sent flat out and as many paced messages as are measured go first, so that the JIT
 * compiler has finished, as it has in a consumer that has run for a while.
 */
final class PacedRun implements ScenarioRun {

    /** The rate that issue 4 sets targets for. */
    private static final int TARGET_RATE = 1_000;

    @Override
    public void run(BenchContext context) throws Exception {
        for (int rate : context.plan().pacedRates()) {
            long count = rate * context.plan().pacedFor().toMillis() / 1_000;
            long burst = context.plan().warmupBurst();
            context.say("paced: one producer puts %,d messages flat out and %,d at %,d a second to warm up, then %,d"
                    + " more at that rate; one consumer takes them", burst, count, rate, count);
            EndToEnd.Outcome outcome = EndToEnd.runPaced(FolderQueue.create(context.workspace(), "paced-" + rate), count,
                    rate, burst);
            boolean targeted = rate == TARGET_RATE;
            String prefix = Rate.grouped(rate) + " msg/s: ";
            String keyPrefix = rate + ".";
            context.add(Figure.of(Scenario.PACED, keyPrefix + "putRate", prefix + "rate achieved", outcome.putRate(),
                    Figure.MESSAGES_PER_SECOND));
            LatencyFigures.add(context, Scenario.PACED, keyPrefix, prefix, outcome.latency(),
                    targeted ? "≤ 150 µs" : null, targeted ? "≤ 1 ms" : null);
            context.add(Figure.of(Scenario.PACED, keyPrefix + "consumerCpu", prefix + "consumer CPU",
                    outcome.consumerCpuPercent(), Figure.PERCENT_OF_A_CORE).withTarget(targeted ? "≤ 5%" : null));
        }
    }
}
