package io.ipsync.cli.bench;

import tools.jackson.databind.JsonNode;

/**
 * One consumer process taking from Redis a backlog that the bench put before it started
 * ({@link RedisTarget#writeBacklog}), as {@link DrainRun} does on files: the rate counts from the
 * consumer opening the queue to its last acknowledgement; the fastest of the plan's repeats counts,
 * with its time to the first message.
 */
final class RedisDrainRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        int repeats = context.plan().repeats();
        JsonNode best = null;
        for (int run = 0; run < repeats; run++) {
            RedisQueue queue = context.redis().newQueue("drain-" + run);
            context.say("redis-drain: putting a backlog of %,d messages (%d of %d)", count, run + 1, repeats);
            context.redis().writeBacklog(queue.address(), count, context.progress());
            context.say("redis-drain: one consumer takes them");
            JsonNode result = DrainRun.drain(queue.argument(), count);
            if (best == null || result.get("nanosToLastMessage").asLong() < best.get("nanosToLastMessage").asLong()) {
                best = result;
            }
            queue.remove();
        }
        context.add(Figure.of(Scenario.REDIS_DRAIN, "rate", "drain of " + Rate.grouped(count),
                Rate.perSecond(count, best.get("nanosToLastMessage").asLong()), Figure.MESSAGES_PER_SECOND)
                .comparedWith(Baseline.XREADGROUP).withTarget("≥ 0.8 × xreadgroup"));
        context.add(Figure.of(Scenario.REDIS_DRAIN, "firstMessage", "time to the first message",
                Rate.millis(best.get("nanosToFirstMessage").asLong()), Figure.MILLISECONDS));
    }
}
