package io.ipsync.cli.bench;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One producer process and one consumer process on one queue (a folder, or a channel on Redis),
 * as the flat-out, paced and redis-paced scenarios run them.
 *
 * <p>The consumer starts first and watches the empty queue; the producer starts, opens the queue,
 * and begins on the bench's {@code go}. While they run, the bench samples the backlog
 * ({@link BacklogSampler}) and, once the consumer is past the warm-up, its CPU time, up to the
 * consumer's last message.
 */
final class EndToEnd {

    /**
     * What one run measured.
     *
     * @param messages how many messages went across
     * @param firstPut when the first put began (epoch nanoseconds)
     * @param lastPutReturned when the last put returned
     * @param lastReceived when the consumer had the last message
     * @param latency put-to-receive latency of the messages after the warm-up
     * @param largestBacklog the most messages seen waiting
     * @param consumerCpu the consumer's CPU time from the end of the warm-up to its last message
     * @param measuredFor the wall-clock time that CPU time was measured over
     */
    record Outcome(long messages, long firstPut, long lastPutReturned, long lastReceived, LatencySummary latency,
            long largestBacklog, Duration consumerCpu, Duration measuredFor) {

        /** Messages a second from the first put to the last receive. */
        double throughput() {
            return Rate.perSecond(messages, lastReceived - firstPut);
        }

        /** Messages a second the producer put. */
        double putRate() {
            return Rate.perSecond(messages, lastPutReturned - firstPut);
        }

        double consumerCpuPercent() {
            return Rate.percentOfACore(consumerCpu.toNanos(), measuredFor.toNanos());
        }
    }

    private EndToEnd() {
    }

    /**
     * Sends {@code burst} messages flat out, as a warm-up that is not measured, waits until they
     * are taken, and then {@code count} messages flat out, which are.
     */
    static Outcome runWarm(BenchQueue queue, long count, long burst) throws Exception {
        return run(queue, burst + count, 0, burst, burst);
    }

    /**
     * Sends {@code burst} messages flat out and then {@code count} messages paced at
     * {@code rate} a second, as a warm-up that is not measured, and then {@code count} more at that
     * rate, which are. (The burst compiles the paths that take a message; only pacing compiles
     * those that wait for one.)
     */
    static Outcome runPaced(BenchQueue queue, long count, long rate, long burst) throws Exception {
        return run(queue, burst + 2 * count, rate, burst, burst + count);
    }

    /** Runs the producer and the consumer on {@code queue}, and removes it at the end. */
    private static Outcome run(BenchQueue queue, long count, long rate, long burst, long warmup) throws Exception {
        Duration bound = ChildJvm.generousFor(count).plus(rate > 0 ? Duration.ofSeconds(count / rate) : Duration.ZERO);
        Map<String, Object> consumerOptions = Map.of("count", count, "warmup", warmup);
        Outcome outcome;
        try (ChildJvm consumer = ChildJvm.start("consumer", ConsumerRole.NAME, queue.argument(), consumerOptions)) {
            consumer.await("ready", Duration.ofMinutes(2));
            try (ChildJvm producer = ChildJvm.start("producer", ProducerRole.NAME, queue.argument(),
                    Map.of("count", count, "rate", rate, "burst", burst))) {
                producer.await("ready", Duration.ofMinutes(2));
                try (BacklogSampler backlog = BacklogSampler.start(queue)) {
                    producer.tell(ParentLink.GO);
                    consumer.await("warm", bound);
                    Duration cpuAtWarm = consumer.cpuTime();
                    long warmAt = System.nanoTime();
                    JsonNode received = consumer.awaitResult(bound);
                    Duration cpuAtEnd = consumer.cpuTime();
                    long endAt = System.nanoTime();
                    JsonNode sent = producer.awaitResult(bound);
                    long taken = received.get("messages").asLong();
                    if (taken != count) {
                        throw new BenchFailure("The consumer took " + taken + " of " + count + " messages before it gave up");
                    }
                    outcome = new Outcome(sent.get("messages").asLong(), sent.get("firstPut").asLong(), sent.get("lastPutReturned").asLong(),
                            received.get("lastReceived").asLong(), LatencySummary.readFrom(received.get("latency")),
                            backlog.largest(), cpuAtEnd.minus(cpuAtWarm), Duration.ofNanos(endAt - warmAt));
                }
            }
        }
        queue.remove();
        return outcome;
    }
}
