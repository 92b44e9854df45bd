package io.ipsync.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Scenario python-paced: a Python producer writing as the original writes (a {@code tmp_} file at
 * the top of the queue directory, then a rename to its {@code q_} name) at 1,000 messages a
 * second, taken in turn by the spinning Python consumer and by ipsync's consumer, each in a fresh
 * queue and process: latency against the shared wall clock (the producer stamps each message
 * with {@code time.time_ns()} just before the put; the consumer reads its clock once it has the
 * message) and the consumer's CPU. Both are warmed up as {@link PacedRun} warms up: a burst sent
 * flat out and taken, then as many paced messages as are measured, not counted.
 */
final class PythonPacedRun implements ScenarioRun {

    private static final int RATE = 1_000;

    /** What one consumer measured. */
    private record Outcome(double putRate, LatencySummary latency, double consumerCpuPercent) {
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Path folder = context.workspace().newFolder("python-paced");
        Optional<PythonPeerScript> python = PythonPeerScript.writeTo(folder);
        if (python.isEmpty()) {
            context.skip(Scenario.PYTHON_PACED, PythonPeerScript.MISSING);
            context.workspace().remove(folder);
            return;
        }
        long count = RATE * context.plan().pacedFor().toMillis() / 1_000;
        long burst = context.plan().warmupBurst();
        Map<PythonTaker, Outcome> outcomes = new EnumMap<>(PythonTaker.class);
        for (PythonTaker taker : PythonTaker.values()) {
            context.say("python-paced: a Python producer puts %,d messages flat out and %,d at %,d a second to warm up,"
                    + " then %,d more at that rate; the %s takes them", burst, count, RATE, count, taker.label);
            outcomes.put(taker, measure(python.get(), Files.createDirectory(folder.resolve(taker.key)), taker, burst, count));
        }
        Outcome spinning = outcomes.get(PythonTaker.SPINNING);
        Outcome ipsync = outcomes.get(PythonTaker.IPSYNC);
        Scenario scenario = Scenario.PYTHON_PACED;
        for (PythonTaker taker : PythonTaker.values()) {
            Outcome outcome = outcomes.get(taker);
            boolean targeted = taker == PythonTaker.IPSYNC;
            String keyPrefix = taker.key + ".";
            String labelPrefix = taker.label + ": ";
            context.add(Figure.of(scenario, keyPrefix + "putRate", labelPrefix + "Python producer's rate",
                    outcome.putRate(), Figure.MESSAGES_PER_SECOND));
            LatencyFigures.add(context, scenario, keyPrefix, labelPrefix, outcome.latency(),
                    targeted ? atMostSpinning(spinning.latency().p50()) : null,
                    targeted ? atMostSpinning(spinning.latency().p99()) : null);
            context.add(Figure.of(scenario, keyPrefix + "consumerCpu", labelPrefix + "consumer CPU",
                    outcome.consumerCpuPercent(), Figure.PERCENT_OF_A_CORE).withTarget(targeted ? "≤ 5%" : null));
        }
        if (spinning.latency().p50() > 0 && spinning.latency().p99() > 0) {
            context.add(Figure.of(scenario, "p50ToSpinning", "latency p50, ipsync ÷ spinning",
                    (double) ipsync.latency().p50() / spinning.latency().p50(), Figure.TIMES).withTarget("≤ 1"));
            context.add(Figure.of(scenario, "p99ToSpinning", "latency p99, ipsync ÷ spinning",
                    (double) ipsync.latency().p99() / spinning.latency().p99(), Figure.TIMES).withTarget("≤ 1"));
        }
        context.workspace().remove(folder);
    }

    /** The target of ipsync's latency: the spinning consumer's, measured just before in the same run. */
    private static String atMostSpinning(long nanos) {
        return "≤ " + ResultTable.number(Rate.micros(nanos)) + " µs (spinning's)";
    }

    /** One run of the Python producer and one consumer on {@code queue}: the burst, the paced warm-up, the measured part. */
    private static Outcome measure(PythonPeerScript python, Path queue, PythonTaker taker, long burst, long count)
            throws Exception {
        long total = burst + 2 * count;
        long warmup = burst + count;
        Duration bound = ChildJvm.generousFor(total).plusSeconds(2 * count / RATE);
        try (ChildJvm consumer = taker.start(python, queue, total, warmup)) {
            consumer.await("ready", Duration.ofMinutes(2));
            try (ChildJvm producer = python.startProducer("Python producer", queue, burst, total, 0, RATE)) {
                producer.await("ready", Duration.ofMinutes(2));
                producer.tell(ParentLink.GO);
                consumer.await("warm", bound);
                Duration cpuAtWarm = consumer.cpuTime();
                long warmAt = System.nanoTime();
                JsonNode received = consumer.awaitResult(bound);
                Duration cpuAtEnd = consumer.cpuTime();
                long endAt = System.nanoTime();
                JsonNode sent = producer.awaitResult(bound);
                long taken = received.get("messages").asLong();
                if (taken != total) {
                    throw new BenchFailure("The " + taker.label + " took " + taken + " of " + total
                            + " messages before it gave up");
                }
                double putRate = Rate.perSecond(sent.get("messages").asLong(),
                        sent.get("lastPutReturned").asLong() - sent.get("firstPut").asLong());
                return new Outcome(putRate, LatencySummary.readFrom(received.get("latency")),
                        Rate.percentOfACore(cpuAtEnd.minus(cpuAtWarm).toNanos(), endAt - warmAt));
            }
        }
    }
}
