package io.ipsync.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Scenario 2: one producer process putting as fast as it can, nobody consuming. */
final class PutRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        Path queue = context.workspace().newFolder("put");
        context.say("put: one producer puts %,d messages, no consumer", count);
        JsonNode result;
        try (ChildJvm producer = ChildJvm.start("producer", ProducerRole.NAME, queue, Map.of("count", count, "rate", 0))) {
            producer.await("ready", Duration.ofMinutes(2));
            producer.tell(ParentLink.GO);
            result = producer.awaitResult(ChildJvm.generousFor(count));
        }
        long nanos = result.get("lastPutReturned").asLong() - result.get("firstPut").asLong();
        context.add(Figure.of(Scenario.PUT, "rate", "put, one producer", Rate.perSecond(count, nanos),
                Figure.MESSAGES_PER_SECOND).comparedWith(Baseline.WRITE).withTarget("≥ 0.9 × write"));
        context.workspace().remove(queue);
    }
}
