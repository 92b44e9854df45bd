package io.ipsync.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Scenario warm-up: a fresh ipsync consumer JVM (default settings), started {@link #LEAD} before
 * a Python producer, writing as the original writes, begins to put 1,000 messages a second.
 * Nothing warms it up, by design: its latency over each second of traffic (the messages
 * numbered 0 to 999, 1,000 to 1,999, ...: the producer keeps a fixed schedule), and its CPU over
 * the traffic, which includes its JIT compiler's work.
 */
final class WarmUpRun implements ScenarioRun {

    private static final int RATE = 1_000;

    /** How long before the first put the consumer's JVM is started. */
    static final Duration LEAD = Duration.ofSeconds(2);

    @Override
    public void run(BenchContext context) throws Exception {
        Path folder = context.workspace().newFolder("warm-up");
        Optional<PythonPeerScript> python = PythonPeerScript.writeTo(folder);
        if (python.isEmpty()) {
            context.skip(Scenario.WARM_UP, PythonPeerScript.MISSING);
            context.workspace().remove(folder);
            return;
        }
        int seconds = Math.max(1, (int) context.plan().warmUpFor().toSeconds());
        long count = (long) RATE * seconds;
        context.say("warm-up: a fresh ipsync consumer starts %.1f s before a Python producer puts %,d messages a second"
                + " for %d s; no warm-up", LEAD.toMillis() / 1000.0, RATE, seconds);
        Path queue = Files.createDirectory(folder.resolve("queue"));
        Duration bound = ChildJvm.generousFor(count).plusSeconds(seconds);
        Scenario scenario = Scenario.WARM_UP;
        long startedAt = System.nanoTime();
        try (ChildJvm consumer = ChildJvm.start("ipsync consumer", ConsumerRole.NAME, queue,
                        Map.of("count", count, "window", RATE));
                ChildJvm producer = python.get().startProducer("Python producer", queue, 0, count, 0, RATE)) {
            consumer.await("ready", Duration.ofMinutes(2));
            long readyAfter = System.nanoTime() - startedAt;
            producer.await("ready", Duration.ofMinutes(2));
            sleepUntil(startedAt + LEAD.toNanos());
            long goAt = System.nanoTime();
            Duration cpuAtGo = consumer.cpuTime();
            producer.tell(ParentLink.GO);
            JsonNode received = consumer.awaitResult(bound);
            Duration cpuAtEnd = consumer.cpuTime();
            long endAt = System.nanoTime();
            producer.awaitResult(bound);
            long taken = received.get("messages").asLong();
            if (taken != count) {
                throw new BenchFailure("The ipsync consumer took " + taken + " of " + count + " messages before it gave up");
            }
            context.add(Figure.of(scenario, "readyAfter", "consumer JVM start to ready", Rate.millis(readyAfter),
                    Figure.MILLISECONDS));
            context.add(Figure.of(scenario, "lead", "consumer JVM start to the first put", Rate.millis(goAt - startedAt),
                    Figure.MILLISECONDS));
            JsonNode windows = received.get("windows");
            for (int second = 0; second < windows.size(); second++) {
                LatencySummary latency = LatencySummary.readFrom(windows.get(second));
                String key = "second" + (second + 1) + ".";
                String label = "second " + (second + 1) + " of traffic: latency ";
                context.add(Figure.of(scenario, key + "p50", label + "p50", Rate.micros(latency.p50()), Figure.MICROSECONDS));
                context.add(Figure.of(scenario, key + "p99", label + "p99", Rate.micros(latency.p99()), Figure.MICROSECONDS)
                        .withTarget("< 10 ms"));
                context.add(Figure.of(scenario, key + "max", label + "max", Rate.micros(latency.max()), Figure.MICROSECONDS));
            }
            context.add(Figure.of(scenario, "consumerCpu", "consumer CPU over the traffic",
                    Rate.percentOfACore(cpuAtEnd.minus(cpuAtGo).toNanos(), endAt - goAt), Figure.PERCENT_OF_A_CORE));
        }
        context.workspace().remove(folder);
    }

    /** The scenario's own pause: traffic begins a fixed time after the consumer's JVM was started. */
    private static void sleepUntil(long dueNanoTime) throws InterruptedException {
        for (long wait = dueNanoTime - System.nanoTime(); wait > 0; wait = dueNanoTime - System.nanoTime()) {
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }
}
