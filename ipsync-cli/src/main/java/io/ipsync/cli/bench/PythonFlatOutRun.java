package io.ipsync.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Scenario python-flat-out: the original's own speed test. A Python producer writing as the
 * original writes puts flat out for a while ({@code repeatedly-fire---measure-speed.py}), beside
 * the spinning Python consumer ({@code wait---measure-speed.py}) and then, in a fresh queue,
 * beside ipsync's consumer: the producer's rate in each case, their ratio, and whether the
 * consumer keeps up (the messages still waiting two seconds after the producer stopped). Both
 * consumers are warmed up first by a burst sent flat out and taken, not counted.
 */
final class PythonFlatOutRun implements ScenarioRun {

    /** How long after the producer's last put the waiting messages are counted. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /**
     * What one consumer measured.
     *
     * @param put messages the producer put after the burst
     * @param taken of those, how many the consumer had taken when it was stopped, after the count of waiting ones
     * @param backlogAfter messages waiting {@link #SETTLE} after the producer's last put
     */
    private record Outcome(long put, double putRate, double producerCpuPercent, double consumerCpuPercent,
            long backlogAfter, long taken) {
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Path folder = context.workspace().newFolder("python-flat-out");
        Optional<PythonPeerScript> python = PythonPeerScript.writeTo(folder);
        if (python.isEmpty()) {
            context.skip(Scenario.PYTHON_FLAT_OUT, PythonPeerScript.MISSING);
            context.workspace().remove(folder);
            return;
        }
        Duration putFor = context.plan().pythonFlatOutFor();
        long burst = context.plan().warmupBurst();
        Map<PythonTaker, Outcome> outcomes = new EnumMap<>(PythonTaker.class);
        for (PythonTaker taker : PythonTaker.values()) {
            context.say("python-flat-out: a Python producer puts %,d messages flat out to warm up, then puts flat out for"
                    + " %.1f s; the %s takes them", burst, putFor.toMillis() / 1000.0, taker.label);
            outcomes.put(taker, measure(python.get(), Files.createDirectory(folder.resolve(taker.key)), taker, burst,
                    putFor));
        }
        Scenario scenario = Scenario.PYTHON_FLAT_OUT;
        for (PythonTaker taker : PythonTaker.values()) {
            Outcome outcome = outcomes.get(taker);
            boolean targeted = taker == PythonTaker.IPSYNC;
            String keyPrefix = taker.key + ".";
            String labelPrefix = "beside the " + taker.label + ": ";
            context.add(Figure.of(scenario, keyPrefix + "putRate", labelPrefix + "Python producer's rate",
                    outcome.putRate(), Figure.MESSAGES_PER_SECOND));
            context.add(Figure.of(scenario, keyPrefix + "put", labelPrefix + "messages put", outcome.put(),
                    Figure.MESSAGES));
            context.add(Figure.of(scenario, keyPrefix + "taken", labelPrefix + "messages taken by the end",
                    outcome.taken(), Figure.MESSAGES));
            context.add(Figure.of(scenario, keyPrefix + "backlogAfter", labelPrefix + "waiting 2 s after the last put",
                    outcome.backlogAfter(), Figure.MESSAGES).withTarget(targeted ? "0" : null));
            context.add(Figure.of(scenario, keyPrefix + "producerCpu", labelPrefix + "producer CPU",
                    outcome.producerCpuPercent(), Figure.PERCENT_OF_A_CORE));
            context.add(Figure.of(scenario, keyPrefix + "consumerCpu", labelPrefix + "consumer CPU",
                    outcome.consumerCpuPercent(), Figure.PERCENT_OF_A_CORE));
        }
        context.add(Figure.of(scenario, "rateRatio", "producer's rate, beside ipsync ÷ beside spinning",
                outcomes.get(PythonTaker.IPSYNC).putRate() / outcomes.get(PythonTaker.SPINNING).putRate(), Figure.TIMES)
                .withTarget("≥ 0.9"));
        context.workspace().remove(folder);
    }

    /**
     * One run: the consumer starts and watches the empty queue; the producer puts the burst,
     * waits until it is taken, puts flat out for {@code putFor}; {@link #SETTLE} after its last
     * put the waiting messages are counted, and then the consumer is stopped.
     */
    private static Outcome measure(PythonPeerScript python, Path queue, PythonTaker taker, long burst, Duration putFor)
            throws Exception {
        Duration bound = ChildJvm.generousFor(burst).plus(putFor);
        try (ChildJvm consumer = taker.start(python, queue, 0, burst)) {
            consumer.await("ready", Duration.ofMinutes(2));
            try (ChildJvm producer = python.startProducer("Python producer", queue, burst, 0, putFor.toMillis() / 1000.0,
                    0)) {
                producer.await("ready", Duration.ofMinutes(2));
                producer.tell(ParentLink.GO);
                consumer.await("warm", bound);
                Duration cpuAtWarm = consumer.cpuTime();
                long warmAt = System.nanoTime();
                JsonNode sent = producer.awaitResult(bound);
                Duration cpuAtStop = consumer.cpuTime();
                long stopAt = System.nanoTime();
                long firstPut = sent.get("firstPut").asLong();
                long lastPut = sent.get("lastPutReturned").asLong();
                sleepUntilEpochNanos(lastPut + SETTLE.toNanos());
                long backlogAfter = PythonTaker.waiting(queue);
                consumer.endInput();
                JsonNode received = consumer.awaitResult(Duration.ofMinutes(2));
                long put = sent.get("messages").asLong();
                return new Outcome(put, Rate.perSecond(put, lastPut - firstPut),
                        Rate.percentOfACore(sent.get("cpuNanos").asLong(), lastPut - firstPut),
                        Rate.percentOfACore(cpuAtStop.minus(cpuAtWarm).toNanos(), stopAt - warmAt),
                        backlogAfter, received.get("messages").asLong() - burst);
            }
        }
    }

    /** The scenario's own pause: the backlog is counted at a fixed time after the last put. */
    private static void sleepUntilEpochNanos(long due) throws InterruptedException {
        for (long wait = due - EpochNanos.now(); wait > 0; wait = due - EpochNanos.now()) {
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }
}
