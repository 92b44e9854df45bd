package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 3: one consumer process taking a backlog that the bench wrote before it started
 * ({@link BacklogWriter}). The rate counts from the consumer opening the queue to its last
 * acknowledgement; the fastest of the plan's repeats counts, with its time to the first message.
 */
final class DrainRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        int repeats = context.plan().repeats();
        JsonNode best = null;
        for (int run = 0; run < repeats; run++) {
            Path queue = context.workspace().newFolder("drain-" + run);
            context.say("drain: writing a backlog of %,d messages (%d of %d)", count, run + 1, repeats);
            BacklogWriter.write(queue, count, context.progress());
            context.say("drain: one consumer takes them");
            JsonNode result = drain(queue, count);
            if (best == null || result.get("nanosToLastMessage").asLong() < best.get("nanosToLastMessage").asLong()) {
                best = result;
            }
            context.workspace().remove(queue);
        }
        context.add(Figure.of(Scenario.DRAIN, "rate", "drain of " + Rate.grouped(count),
                Rate.perSecond(count, best.get("nanosToLastMessage").asLong()), Figure.MESSAGES_PER_SECOND)
                .comparedWith(Baseline.READ).withTarget("≥ 0.8 × read"));
        context.add(Figure.of(Scenario.DRAIN, "firstMessage", "time to the first message",
                Rate.millis(best.get("nanosToFirstMessage").asLong()), Figure.MILLISECONDS));
    }

    /** Runs one consumer until it took {@code count} messages from {@code queue}, and returns its report. */
    static JsonNode drain(Path queue, long count) throws IOException, InterruptedException {
        return drain(queue.toString(), count);
    }

    /** As {@link #drain(Path, long)}, on a queue given as {@link BenchQueue#argument()}. */
    static JsonNode drain(String queue, long count) throws IOException, InterruptedException {
        try (ChildJvm consumer = ChildJvm.start("consumer", ConsumerRole.NAME, queue, Map.of("count", count))) {
            JsonNode result = consumer.awaitResult(ChildJvm.generousFor(count));
            long taken = result.get("messages").asLong();
            if (taken != count) {
                throw new BenchFailure("The consumer took " + taken + " of " + count + " messages before it gave up");
            }
            return result;
        }
    }
}
