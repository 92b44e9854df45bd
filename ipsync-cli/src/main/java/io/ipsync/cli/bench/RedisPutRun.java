package io.ipsync.cli.bench;

/**
 * One producer process putting on Redis as fast as it can, nobody consuming: {@code put} one
 * message at a time (beside single {@code XADD}s), or {@code putAll} a batch at a time (beside
 * pipelined ones). The best of the plan's repeats.
 */
final class RedisPutRun implements ScenarioRun {

    private final boolean inBatches;

    RedisPutRun(boolean inBatches) {
        this.inBatches = inBatches;
    }

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        int repeats = context.plan().repeats();
        int batch = inBatches ? context.plan().batch() : 1;
        Scenario scenario = inBatches ? Scenario.REDIS_PUT_ALL : Scenario.REDIS_PUT;
        context.say("%s: one producer puts %,d messages with %s, no consumer (best of %d)", scenario.id, count,
                inBatches ? "putAll, " + batch + " a call" : "put", repeats);
        double best = 0;
        for (int run = 0; run < repeats; run++) {
            best = Math.max(best, PutRun.putRate(context.redis().newQueue(scenario.id + "-" + run), count, batch));
        }
        if (inBatches) {
            context.add(Figure.of(scenario, "rate", "putAll, " + batch + " messages a call", best,
                    Figure.MESSAGES_PER_SECOND).comparedWith(Baseline.XADD_PIPELINED).withTarget("≥ 0.8 × xaddPipelined"));
        } else {
            context.add(Figure.of(scenario, "rate", "put, one producer", best, Figure.MESSAGES_PER_SECOND)
                    .comparedWith(Baseline.XADD).withTarget("≥ 0.8 × xadd"));
        }
    }
}
