package io.ipsync.cli.bench;

import java.nio.file.Path;
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
            Path queue = context.workspace().newFolder("put-" + run);
            JsonNode result;
            try (ChildJvm producer = ChildJvm.start("producer", ProducerRole.NAME, queue, Map.of("count", count, "rate", 0))) {
                producer.await("ready", Duration.ofMinutes(2));
                producer.tell(ParentLink.GO);
                result = producer.awaitResult(ChildJvm.generousFor(count));
            }
            best = Math.max(best, Rate.perSecond(count, result.get("lastPutReturned").asLong() - result.get("firstPut").asLong()));
            context.workspace().remove(queue);
        }
        context.add(Figure.of(Scenario.PUT, "rate", "put, one producer", best,
                Figure.MESSAGES_PER_SECOND).comparedWith(Baseline.WRITE).withTarget("≥ 0.9 × write"));
    }
}
