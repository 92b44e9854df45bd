package io.ipsync.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: what a consumer and an event listener cost while nothing happens, side by side
 * ({@link IdleWatch}).
 */
final class IdleRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        Duration idle = context.plan().idleFor();
        Path queue = context.workspace().newFolder("idle-queue");
        Path eventFolder = context.workspace().newFolder("idle-event");
        context.say("idle: a consumer of an empty queue and an event listener, watched for %.1f s", idle.toMillis() / 1000.0);
        List<Double> percents;
        try (ChildJvm consumer = ChildJvm.start("idle consumer", ConsumerRole.NAME, queue,
                Map.of("idle-limit", IdleWatch.idleLimitSeconds(context.plan())));
                ChildJvm listener = ChildJvm.start("idle event listener", ListenerRole.NAME,
                        eventFolder.resolve("bench.event"), Map.of())) {
            percents = IdleWatch.percentOfACore(context.plan(), List.of(consumer, listener));
        }
        context.add(Figure.of(Scenario.IDLE, "consumerCpu", "consumer CPU, nothing to take", percents.get(0),
                Figure.PERCENT_OF_A_CORE).withTarget("≤ 1%"));
        context.add(Figure.of(Scenario.IDLE, "listenerCpu", "event listener CPU, no signal", percents.get(1),
                Figure.PERCENT_OF_A_CORE).withTarget("≤ 1%"));
        context.workspace().remove(queue);
        context.workspace().remove(eventFolder);
    }
}
