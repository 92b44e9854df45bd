package io.ipsync.cli.bench;

/**
 * One producer putting on Redis at 1,000 messages a second, one consumer in another process:
 * latency, and the consumer's CPU while it keeps up, warmed up as {@link PacedRun} is (a burst
 * sent flat out, then as many paced messages as are measured).
 */
final class RedisPacedRun implements ScenarioRun {

    /** The rate that the Redis issue sets its latency target for. */
    private static final int RATE = 1_000;

    @Override
    public void run(BenchContext context) throws Exception {
        long count = RATE * context.plan().pacedFor().toMillis() / 1_000;
        long burst = context.plan().warmupBurst();
        context.say("redis-paced: one producer puts %,d messages flat out and %,d at %,d a second to warm up, then %,d"
                + " more at that rate; one consumer takes them", burst, count, RATE, count);
        EndToEnd.Outcome outcome = EndToEnd.runPaced(context.redis().newQueue("paced-" + RATE), count, RATE, burst);
        Scenario scenario = Scenario.REDIS_PACED;
        String prefix = Rate.grouped(RATE) + " msg/s: ";
        String keyPrefix = RATE + ".";
        context.add(Figure.of(scenario, keyPrefix + "putRate", prefix + "rate achieved", outcome.putRate(),
                Figure.MESSAGES_PER_SECOND));
        LatencyFigures.add(context, scenario, keyPrefix, prefix, outcome.latency(), "≤ 300 µs", null);
        context.add(Figure.of(scenario, keyPrefix + "consumerCpu", prefix + "consumer CPU", outcome.consumerCpuPercent(),
                Figure.PERCENT_OF_A_CORE));
    }
}
