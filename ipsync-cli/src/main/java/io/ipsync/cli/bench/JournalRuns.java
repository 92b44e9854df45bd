package io.ipsync.cli.bench;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileTransport;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The scenarios of the journal layout (issue 15), on queues created as journals in the workspace
 * and otherwise run as their file-layout namesakes: the same child roles, which open the queue by
 * its path and find it a journal.
 */
final class JournalRuns {

    private JournalRuns() {
    }

    /**
     * How many messages the journal's baseline, put, drain and flat-out runs move, and the most a
     * paced run sends at one rate: ten times {@code --messages} (1,000,000 by default). The journal
     * is for large volumes, and at 100,000 messages its runs lasted a tenth to a half of a second,
     * most of it the young JVM's interpreter and JIT compilers rather than the journal.
     */
    static long messages(BenchPlan plan) {
        return 10 * plan.messages();
    }

    /** Has a producer process put {@code count} messages into the queue, flat out, before a consumer starts. */
    static void putBacklog(FolderQueue queue, long count) throws Exception {
        try (ChildJvm producer = ChildJvm.start("producer", ProducerRole.NAME, queue.argument(),
                Map.of("count", count, "rate", 0, "batch", 1))) {
            producer.await("ready", java.time.Duration.ofMinutes(2));
            producer.tell(ParentLink.GO);
            producer.awaitResult(ChildJvm.generousFor(count));
        }
    }

    /** A fresh folder in the workspace holding an empty journal queue. */
    static FolderQueue journal(Workspace workspace, String name) throws Exception {
        FolderQueue queue = FolderQueue.create(workspace, name);
        try (JsonDataQueue created = JsonDataQueue.open(queue.folder(),
                QueueOptions.builder().layout(FileTransport.JOURNAL_LAYOUT).build())) {
            return queue;
        }
    }

    /** The bare mapped write and read loops ({@link BareMappedRoles}): the best of the plan's repeats. */
    static final class Baseline implements ScenarioRun {

        @Override
        public void run(BenchContext context) throws Exception {
            long count = messages(context.plan());
            double bestWrite = 0;
            double bestRead = 0;
            double bestEncodedWrite = 0;
            double bestDecodedRead = 0;
            for (int run = 0; run < context.plan().repeats(); run++) {
                context.say("journal-baseline: bare mapped writes of %,d messages, then reads, without and with Jackson"
                        + " (%d of %d)", count, run + 1, context.plan().repeats());
                for (boolean jackson : new boolean[] {false, true}) {
                    Path folder = context.workspace().newFolder("journal-baseline-" + run + (jackson ? "-jackson" : ""));
                    double write = Rate.perSecond(count, result(BareMappedRoles.WRITE, folder, count, jackson));
                    double read = Rate.perSecond(count, result(BareMappedRoles.READ, folder, count, jackson));
                    if (jackson) {
                        bestEncodedWrite = Math.max(bestEncodedWrite, write);
                        bestDecodedRead = Math.max(bestDecodedRead, read);
                    } else {
                        bestWrite = Math.max(bestWrite, write);
                        bestRead = Math.max(bestRead, read);
                    }
                    context.workspace().remove(folder);
                }
            }
            context.add(Figure.of(Scenario.JOURNAL_BASELINE, io.ipsync.cli.bench.Baseline.MAPPED_WRITE.key,
                    "mapped write (bare JDK)", bestWrite, Figure.MESSAGES_PER_SECOND));
            context.add(Figure.of(Scenario.JOURNAL_BASELINE, io.ipsync.cli.bench.Baseline.MAPPED_READ.key,
                    "mapped read (bare JDK)", bestRead, Figure.MESSAGES_PER_SECOND));
            context.add(Figure.of(Scenario.JOURNAL_BASELINE, "mappedWriteJackson", "mapped write, Jackson encoding",
                    bestEncodedWrite, Figure.MESSAGES_PER_SECOND));
            context.add(Figure.of(Scenario.JOURNAL_BASELINE, "mappedReadJackson", "mapped read, Jackson decoding",
                    bestDecodedRead, Figure.MESSAGES_PER_SECOND));
        }

        /** The nanoseconds the bare loop took. */
        private static long result(String role, Path folder, long count, boolean jackson) throws Exception {
            try (ChildJvm child = ChildJvm.start(role, role, folder, Map.of("count", count, "jackson", jackson ? 1 : 0))) {
                return child.awaitResult(ChildJvm.generousFor(count)).get("nanos").asLong();
            }
        }
    }

    /** One producer putting flat out into a journal, nobody consuming. */
    static final class Put implements ScenarioRun {

        @Override
        public void run(BenchContext context) throws Exception {
            long count = messages(context.plan());
            context.say("journal-put: one producer puts %,d messages into a journal, no consumer (best of %d)", count,
                    context.plan().repeats());
            double best = 0;
            for (int run = 0; run < context.plan().repeats(); run++) {
                best = Math.max(best, PutRun.putRate(journal(context.workspace(), "journal-put-" + run), count, 1));
            }
            context.add(Figure.of(Scenario.JOURNAL_PUT, "rate", "put into a journal, one producer", best,
                    Figure.MESSAGES_PER_SECOND).comparedWith(io.ipsync.cli.bench.Baseline.MAPPED_WRITE)
                    .withTarget("≥ 0.8 × mapped write"));
        }
    }

    /** One consumer taking a backlog that a producer put into a journal before it started. */
    static final class Drain implements ScenarioRun {

        @Override
        public void run(BenchContext context) throws Exception {
            long count = messages(context.plan());
            JsonNode best = null;
            for (int run = 0; run < context.plan().repeats(); run++) {
                FolderQueue queue = journal(context.workspace(), "journal-drain-" + run);
                context.say("journal-drain: a producer puts a backlog of %,d messages (%d of %d)", count, run + 1,
                        context.plan().repeats());
                putBacklog(queue, count);
                context.say("journal-drain: one consumer takes them");
                JsonNode result = DrainRun.drain(queue.argument(), count);
                if (best == null || result.get("nanosToLastMessage").asLong() < best.get("nanosToLastMessage").asLong()) {
                    best = result;
                }
                queue.remove();
            }
            context.add(Figure.of(Scenario.JOURNAL_DRAIN, "rate", "drain of a journal of " + Rate.grouped(count),
                    Rate.perSecond(count, best.get("nanosToLastMessage").asLong()), Figure.MESSAGES_PER_SECOND)
                    .comparedWith(io.ipsync.cli.bench.Baseline.MAPPED_READ).withTarget("≥ 0.8 × mapped read"));
            context.add(Figure.of(Scenario.JOURNAL_DRAIN, "firstMessage", "time to the first message",
                    Rate.millis(best.get("nanosToFirstMessage").asLong()), Figure.MILLISECONDS));
        }
    }

    /** A producer and a consumer process on a journal, flat out. */
    static final class FlatOut implements ScenarioRun {

        @Override
        public void run(BenchContext context) throws Exception {
            long count = messages(context.plan());
            context.say("journal-flat-out: a producer and a consumer on a journal, %,d messages flat out after a warm-up"
                    + " of %,d", count, context.plan().warmupBurst());
            EndToEnd.Outcome outcome = EndToEnd.runWarm(journal(context.workspace(), "journal-flat-out"), count,
                    context.plan().warmupBurst());
            context.add(Figure.of(Scenario.JOURNAL_FLAT_OUT, "throughput", "end to end, journal, flat out",
                    outcome.throughput(), Figure.MESSAGES_PER_SECOND).withTarget("≥ 1,000,000"));
            LatencyFigures.add(context, Scenario.JOURNAL_FLAT_OUT, "", "", outcome.latency(), null, "≤ 10 ms");
        }
    }

    /** What a consumer of an empty journal costs while nothing happens ({@link IdleWatch}): asleep on its doorbell. */
    static final class Idle implements ScenarioRun {

        @Override
        public void run(BenchContext context) throws Exception {
            FolderQueue queue = journal(context.workspace(), "journal-idle");
            context.say("journal-idle: a consumer of an empty journal, watched for %.1f s",
                    context.plan().idleFor().toMillis() / 1000.0);
            java.util.List<Double> percents;
            try (ChildJvm consumer = ChildJvm.start("idle journal consumer", ConsumerRole.NAME, queue.argument(),
                    Map.of("idle-limit", IdleWatch.idleLimitSeconds(context.plan())))) {
                percents = IdleWatch.percentOfACore(context.plan(), java.util.List.of(consumer));
            }
            context.add(Figure.of(Scenario.JOURNAL_IDLE, "consumerCpu", "journal consumer CPU, nothing to take",
                    percents.get(0), Figure.PERCENT_OF_A_CORE).withTarget("≤ 1%"));
            queue.remove();
        }
    }

    /**
     * A producer putting into a journal at 100,000 and at 1,000 messages a second, once warm (as
     * {@link PacedRun}): at the high rate a consumer hardly sleeps, at the low one it sleeps on its
     * doorbell between messages, so that one measures the wake-up.
     */
    static final class Paced implements ScenarioRun {

        /** The rates of issue 15's targets. */
        static final java.util.List<Integer> RATES = java.util.List.of(100_000, 1_000);

        @Override
        public void run(BenchContext context) throws Exception {
            for (int rate : RATES) {
                // At most messages(): a quick run's second at 100,000 msg/s would be most of it.
                long count = Math.min(rate * context.plan().pacedFor().toMillis() / 1_000, messages(context.plan()));
                long burst = context.plan().warmupBurst();
                context.say("journal-paced: one producer puts %,d messages flat out and %,d at %,d a second into a"
                        + " journal to warm up, then %,d more at that rate; one consumer takes them", burst, count, rate,
                        count);
                EndToEnd.Outcome outcome = EndToEnd.runPaced(journal(context.workspace(), "journal-paced-" + rate), count,
                        rate, burst);
                boolean high = rate == RATES.get(0);
                String prefix = Rate.grouped(rate) + " msg/s: ";
                String keyPrefix = rate + ".";
                context.add(Figure.of(Scenario.JOURNAL_PACED, keyPrefix + "putRate", prefix + "rate achieved",
                        outcome.putRate(), Figure.MESSAGES_PER_SECOND));
                LatencyFigures.add(context, Scenario.JOURNAL_PACED, keyPrefix, prefix, outcome.latency(),
                        high ? null : "≤ 50 µs", high ? "≤ 50 µs" : null);
                context.add(Figure.of(Scenario.JOURNAL_PACED, keyPrefix + "consumerCpu", prefix + "consumer CPU",
                        outcome.consumerCpuPercent(), Figure.PERCENT_OF_A_CORE).withTarget(high ? null : "≤ 5%"));
            }
        }
    }

    /**
     * A consumer started on a journal holding the plan's backlog (a million messages), put by a
     * producer beforehand: how soon it has its first message, its drain rate and its memory.
     */
    static final class DeepBacklog implements ScenarioRun {

        @Override
        public void run(BenchContext context) throws Exception {
            long count = context.plan().backlog();
            FolderQueue queue = journal(context.workspace(), "journal-deep-backlog");
            context.say("journal-deep-backlog: a producer puts a backlog of %,d messages", count);
            putBacklog(queue, count);
            context.say("journal-deep-backlog: one consumer takes them");
            JsonNode result = DrainRun.drain(queue.argument(), count);
            Scenario deep = Scenario.JOURNAL_DEEP_BACKLOG;
            long toOpen = result.get("nanosToOpen").asLong();
            long toFirst = result.get("nanosToFirstMessage").asLong();
            context.add(Figure.of(deep, "firstMessage", "time to the first message", Rate.millis(toFirst),
                    Figure.MILLISECONDS).withTarget("≤ 100 ms"));
            // The split shows what the backlog costs: opening includes the JVM's first JSON mapper,
            // the same for an empty queue; what follows is the journal's own look at its backlog.
            context.add(Figure.of(deep, "open", "of which opening the queue", Rate.millis(toOpen), Figure.MILLISECONDS));
            context.add(Figure.of(deep, "afterOpen", "of which open to first message", Rate.millis(toFirst - toOpen),
                    Figure.MILLISECONDS));
            context.add(Figure.of(deep, "rate", "drain of a journal of " + Rate.grouped(count),
                    Rate.perSecond(count, result.get("nanosToLastMessage").asLong()), Figure.MESSAGES_PER_SECOND)
                    .comparedWith(io.ipsync.cli.bench.Baseline.MAPPED_READ));
            DeepBacklogRun.addMemory(context, deep, result);
            queue.remove();
        }
    }
}
