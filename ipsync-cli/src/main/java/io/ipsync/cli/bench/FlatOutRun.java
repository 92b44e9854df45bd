package io.ipsync.cli.bench;

import java.util.OptionalDouble;

/**
 * Scenario 4: one producer putting as fast as it can, one consumer keeping up or not. Latency
 * is from the producer's clock reading before the put to the consumer's after the receive. Both
 * processes are warm: a burst of messages, sent flat out and taken before the measured ones, lets
 * their JIT compilers finish first (on two cores, the compilers of two young JVMs otherwise take
 * more CPU time than the messages do).
 */
final class FlatOutRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        context.say("flat-out: one producer puts %,d messages as fast as it can to warm up, then %,d more;"
                + " one consumer takes them", context.plan().warmupBurst(), count);
        EndToEnd.Outcome outcome = EndToEnd.runWarm(FolderQueue.create(context.workspace(), "flat-out"), count,
                context.plan().warmupBurst());
        Scenario flatOut = Scenario.FLAT_OUT;
        context.add(Figure.of(flatOut, "throughput", "throughput, first put to last receive", outcome.throughput(),
                Figure.MESSAGES_PER_SECOND).comparedWith(Baseline.WRITE));
        OptionalDouble putAlone = context.results().value(Scenario.PUT, "rate");
        if (putAlone.isPresent()) {
            context.add(Figure.of(flatOut, "throughputToPut", "throughput ÷ put alone",
                    outcome.throughput() / putAlone.getAsDouble(), Figure.TIMES).withTarget("≥ 0.8"));
        }
        LatencyFigures.add(context, flatOut, "", "", outcome.latency(), null, "≤ 10 ms");
        context.add(Figure.of(flatOut, "largestBacklog", "largest backlog seen", outcome.largestBacklog(),
                Figure.MESSAGES).withTarget("a few thousand at most"));
    }
}
