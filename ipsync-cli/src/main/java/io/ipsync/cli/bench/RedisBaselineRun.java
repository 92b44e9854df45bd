package io.ipsync.cli.bench;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The limits of the Redis server at this moment, as bare Lettuce loops in processes of their own
 * (ipsync's Redis rates are shown as ratios of these): single {@code XADD}s, one round trip each,
 * then {@code XREADGROUP} of those messages acknowledging each one; {@code XADD}s pipelined, a
 * batch a flush, then {@code XREADGROUP} of those acknowledging each batch at once (shown, not
 * compared with). The best of the plan's repeats counts, as for the file baseline.
 */
final class RedisBaselineRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        int batch = context.plan().batch();
        int repeats = context.plan().repeats();
        double bestAdd = 0;
        double bestPipelined = 0;
        double bestDrain = 0;
        double bestBatchDrain = 0;
        for (int run = 0; run < repeats; run++) {
            RedisQueue single = context.redis().newQueue("baseline-single-" + run);
            context.say("redis-baseline: bare Lettuce, %,d single XADDs (%d of %d)", count, run + 1, repeats);
            bestAdd = Math.max(bestAdd, add(single, count, 1));
            context.say("redis-baseline: bare Lettuce, XREADGROUP COUNT %d of those, XACK + XDEL of each message", batch);
            bestDrain = Math.max(bestDrain, drain(single, count, batch, false));
            single.remove();
            RedisQueue pipelined = context.redis().newQueue("baseline-pipelined-" + run);
            context.say("redis-baseline: bare Lettuce, %,d XADDs pipelined, %d a flush", count, batch);
            bestPipelined = Math.max(bestPipelined, add(pipelined, count, batch));
            context.say("redis-baseline: bare Lettuce, XREADGROUP COUNT %d of those, XACK + XDEL of each batch", batch);
            bestBatchDrain = Math.max(bestBatchDrain, drain(pipelined, count, batch, true));
            pipelined.remove();
        }
        Scenario scenario = Scenario.REDIS_BASELINE;
        context.add(Figure.of(scenario, Baseline.XADD.key, "single XADDs, a round trip each (bare Lettuce)", bestAdd,
                Figure.MESSAGES_PER_SECOND));
        context.add(Figure.of(scenario, Baseline.XADD_PIPELINED.key, "XADDs pipelined, " + batch + " a flush (bare Lettuce)",
                bestPipelined, Figure.MESSAGES_PER_SECOND));
        context.add(Figure.of(scenario, Baseline.XREADGROUP.key, "XREADGROUP COUNT " + batch
                + ", XACK + XDEL each (bare Lettuce)", bestDrain, Figure.MESSAGES_PER_SECOND));
        context.add(Figure.of(scenario, "xreadgroupBatchAck", "XREADGROUP COUNT " + batch
                + ", XACK + XDEL a batch (bare Lettuce)", bestBatchDrain, Figure.MESSAGES_PER_SECOND));
    }

    /** The rate of a bare loop of {@code XADD}s on the queue, {@code batch} a flush. */
    private static double add(RedisQueue queue, long count, int batch) throws Exception {
        try (ChildJvm adder = ChildJvm.start("bare XADD loop", RedisBareAddRole.NAME, queue.argument(),
                Map.of("count", count, "batch", batch))) {
            adder.await("ready", Duration.ofMinutes(2));
            adder.tell(ParentLink.GO);
            return Rate.perSecond(count, adder.awaitResult(ChildJvm.generousFor(count)).get("nanos").asLong());
        }
    }

    /** The rate of a bare drain of the {@code count} messages on the queue. */
    private static double drain(RedisQueue queue, long count, int batch, boolean ackBatch) throws Exception {
        JsonNode result;
        try (ChildJvm drainer = ChildJvm.start("bare XREADGROUP loop", RedisBareDrainRole.NAME, queue.argument(),
                Map.of("count", count, "batch", batch, "ack-batch", ackBatch ? 1 : 0))) {
            result = drainer.awaitResult(ChildJvm.generousFor(count));
        }
        if (result.get("messages").asLong() != count) {
            throw new BenchFailure("The bare XREADGROUP loop found " + result.get("messages").asLong() + " of the " + count
                    + " messages put");
        }
        return Rate.perSecond(count, result.get("nanos").asLong());
    }
}
