package io.ipsync.cli.bench;

import java.util.List;
import java.util.Map;

/** What a consumer of an empty queue on Redis costs while nothing comes ({@link IdleWatch}). */
final class RedisIdleRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        RedisQueue queue = context.redis().newQueue("idle");
        context.say("redis-idle: a consumer of an empty queue, watched for %.1f s",
                context.plan().idleFor().toMillis() / 1000.0);
        double percent;
        try (ChildJvm consumer = ChildJvm.start("idle consumer", ConsumerRole.NAME, queue.argument(),
                Map.of("idle-limit", IdleWatch.idleLimitSeconds(context.plan())))) {
            percent = IdleWatch.percentOfACore(context.plan(), List.of(consumer)).get(0);
        }
        context.add(Figure.of(Scenario.REDIS_IDLE, "consumerCpu", "consumer CPU, nothing to take", percent,
                Figure.PERCENT_OF_A_CORE).withTarget("≤ 1%"));
        queue.remove();
    }
}
