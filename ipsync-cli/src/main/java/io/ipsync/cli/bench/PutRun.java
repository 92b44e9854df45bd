package io.ipsync.cli.bench;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Scenario 2: one producer process putting as fast as it can, nobody consuming; the best of the plan's repeats. */
final class PutRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        int repeats = context.plan().repeats();
        context.say("put: one producer puts %,d messages, no consumer (best of %d)", count, repeats);
        double best = 0;
        for (int run = 0; run < repeats; run++) {
            best = Math.max(best, putRate(FolderQueue.create(context.workspace(), "put-" + run), count, 1));
        }
        context.add(Figure.of(Scenario.PUT, "rate", "put, one producer", best,
                Figure.MESSAGES_PER_SECOND).comparedWith(Baseline.WRITE).withTarget("≥ 0.9 × write"));
    }

    /**
     * Runs one producer that puts {@code count} messages on {@code queue} flat out, {@code batch}
     * a call ({@code putAll}) or one by one ({@code 1}), and removes the queue.
     *
     * @return the messages put a second, from the first put to the return of the last
     */
    static double putRate(BenchQueue queue, long count, int batch) throws Exception {
        JsonNode result;
        try (ChildJvm producer = ChildJvm.start("producer", ProducerRole.NAME, queue.argument(),
                Map.of("count", count, "rate", 0, "batch", batch))) {
            producer.await("ready", Duration.ofMinutes(2));
            producer.tell(ParentLink.GO);
            result = producer.awaitResult(ChildJvm.generousFor(count));
        }
        queue.remove();
        return Rate.perSecond(count, result.get("lastPutReturned").asLong() - result.get("firstPut").asLong());
    }
}
