package io.ipsync.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Scenario 7: what a consumer and an event listener cost while nothing happens. Both children
 * run side by side; their CPU time is read from the system after each said {@code ready} and a
 * pause for the JIT compiler to finish what start-up gave it, and again after the idle time.
 */
final class IdleRun implements ScenarioRun {

    /** The idle consumer would give up after its idle limit: well after the watch ends. */
    private static final Duration IDLE_LIMIT_MARGIN = Duration.ofMinutes(5);

    @Override
    public void run(BenchContext context) throws Exception {
        Duration idle = context.plan().idleFor();
        Path queue = context.workspace().newFolder("idle-queue");
        Path eventFolder = context.workspace().newFolder("idle-event");
        context.say("idle: a consumer of an empty queue and an event listener, watched for %.1f s", idle.toMillis() / 1000.0);
        double consumerPercent;
        double listenerPercent;
        try (ChildJvm consumer = ChildJvm.start("idle consumer", ConsumerRole.NAME, queue,
                Map.of("idle-limit", idle.plus(IDLE_LIMIT_MARGIN).toSeconds()));
                ChildJvm listener = ChildJvm.start("idle event listener", ListenerRole.NAME,
                        eventFolder.resolve("bench.event"), Map.of())) {
            consumer.await("ready", Duration.ofMinutes(2));
            listener.await("ready", Duration.ofMinutes(2));
            Thread.sleep(context.plan().idleSettle().toMillis());
            Duration consumerBefore = consumer.cpuTime();
            Duration listenerBefore = listener.cpuTime();
            long start = System.nanoTime();
            Thread.sleep(idle.toMillis());
            Duration consumerAfter = consumer.cpuTime();
            Duration listenerAfter = listener.cpuTime();
            long wall = System.nanoTime() - start;
            consumerPercent = Rate.percentOfACore(consumerAfter.minus(consumerBefore).toNanos(), wall);
            listenerPercent = Rate.percentOfACore(listenerAfter.minus(listenerBefore).toNanos(), wall);
        }
        context.add(Figure.of(Scenario.IDLE, "consumerCpu", "consumer CPU, nothing to take", consumerPercent,
                Figure.PERCENT_OF_A_CORE).withTarget("≤ 1%"));
        context.add(Figure.of(Scenario.IDLE, "listenerCpu", "event listener CPU, no signal", listenerPercent,
                Figure.PERCENT_OF_A_CORE).withTarget("≤ 1%"));
        context.workspace().remove(queue);
        context.workspace().remove(eventFolder);
    }
}
