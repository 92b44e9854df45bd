package io.ipsync.cli.bench;

import java.nio.file.Path;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 8: a consumer started on a deep backlog (a million messages by default, written by
 * the bench beforehand): how soon it has its first message, how fast it drains, and how much
 * memory it needs meanwhile.
 */
final class DeepBacklogRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().backlog();
        Path queue = context.workspace().newFolder("deep-backlog");
        context.say("deep-backlog: writing a backlog of %,d messages", count);
        BacklogWriter.write(queue, count, context.progress());
        context.say("deep-backlog: one consumer takes them");
        JsonNode result = DrainRun.drain(queue, count);
        Scenario deep = Scenario.DEEP_BACKLOG;
        context.add(Figure.of(deep, "firstMessage", "time to the first message",
                Rate.millis(result.get("nanosToFirstMessage").asLong()) / 1_000, Figure.SECONDS).withTarget("≤ 2 s"));
        double rate = Rate.perSecond(count, result.get("nanosToLastMessage").asLong());
        context.add(Figure.of(deep, "rate", "drain of " + Rate.grouped(count), rate, Figure.MESSAGES_PER_SECOND)
                .comparedWith(Baseline.READ));
        OptionalDouble shallow = context.results().value(Scenario.DRAIN, "rate");
        if (shallow.isPresent()) {
            context.add(Figure.of(deep, "rateToDrain", "drain rate ÷ drain of " + Rate.grouped(context.plan().messages()),
                    rate / shallow.getAsDouble(), Figure.TIMES).withTarget("≥ 0.8"));
        }
        addMemory(context, deep, result);
        context.workspace().remove(queue);
    }

    /** The consumer's memory on a deep backlog: its heap after GC at the most (the target), and its peak RSS where known. */
    static void addMemory(BenchContext context, Scenario deep, JsonNode result) {
        context.add(Figure.of(deep, "heapAfterGc", "consumer heap after GC, peak",
                Rate.megabytes(result.get("heapAfterGcPeakBytes").asLong()), Figure.MEGABYTES).withTarget("≤ 64 MB"));
        long resident = result.get("residentPeakBytes").asLong();
        if (resident > 0) {
            context.add(Figure.of(deep, "residentPeak", "consumer RSS, peak (VmHWM)", Rate.megabytes(resident),
                    Figure.MEGABYTES));
        }
    }
}
