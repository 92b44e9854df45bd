package io.ipsync.cli.bench;

import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 1: the limits of this machine's file system at this moment, as bare JDK loops in
 * their own processes ({@link BareWriteRole}, then {@link BareReadRole} on the files it wrote).
 * ipsync's rates are shown as ratios of these. The best of the plan's repeats counts, as for put
 * and drain.
 */
final class BaselineRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        int repeats = context.plan().repeats();
        double bestWrite = 0;
        double bestRead = 0;
        for (int run = 0; run < repeats; run++) {
            Path folder = context.workspace().newFolder("baseline-" + run);
            context.say("baseline: bare JDK create + write + rename of %,d files (%d of %d)", count, run + 1, repeats);
            JsonNode written = runToResult(BareWriteRole.NAME, "bare writer", folder, count);
            context.say("baseline: bare JDK list + read + delete of those files");
            JsonNode read = runToResult(BareReadRole.NAME, "bare reader", folder, count);
            if (read.get("messages").asLong() != count) {
                throw new BenchFailure("The bare reader found " + read.get("messages").asLong() + " of the " + count
                        + " files written");
            }
            bestWrite = Math.max(bestWrite, Rate.perSecond(count, written.get("nanos").asLong()));
            bestRead = Math.max(bestRead, Rate.perSecond(count, read.get("nanos").asLong()));
            context.workspace().remove(folder);
        }
        context.add(Figure.of(Scenario.BASELINE, Baseline.WRITE.key, "create + write + rename (bare JDK)", bestWrite,
                Figure.MESSAGES_PER_SECOND));
        context.add(Figure.of(Scenario.BASELINE, Baseline.READ.key, "list + read + delete (bare JDK)", bestRead,
                Figure.MESSAGES_PER_SECOND));
    }

    private static JsonNode runToResult(String role, String name, Path folder, long count) throws Exception {
        try (ChildJvm child = ChildJvm.start(name, role, folder, Map.of("count", count))) {
            return child.awaitResult(ChildJvm.generousFor(count));
        }
    }
}
