package io.ipsync.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What children cost while nothing happens: their CPU time is read from the system after each
 * said {@code ready} and a pause for the JIT compiler to finish what start-up gave it
 * ({@link BenchPlan#idleSettle()}), and again after {@link BenchPlan#idleFor()}.
 */
final class IdleWatch {

    /** A child waiting on nothing would give up after its idle limit: this long after the watch ends. */
    static final Duration IDLE_LIMIT_MARGIN = Duration.ofMinutes(5);

    private IdleWatch() {
    }

    /** The {@code idle-limit} option of a consumer that must outlast the watch. */
    static long idleLimitSeconds(BenchPlan plan) {
        return plan.idleFor().plus(IDLE_LIMIT_MARGIN).toSeconds();
    }

    /** Each child's CPU over the idle time, as a percentage of one core, in the order given. */
    static List<Double> percentOfACore(BenchPlan plan, List<ChildJvm> children) throws InterruptedException {
        for (ChildJvm child : children) {
            child.await("ready", Duration.ofMinutes(2));
        }
        Thread.sleep(plan.idleSettle().toMillis());
        List<Duration> before = new ArrayList<>();
        for (ChildJvm child : children) {
            before.add(child.cpuTime());
        }
        long start = System.nanoTime();
        Thread.sleep(plan.idleFor().toMillis());
        List<Duration> after = new ArrayList<>();
        for (ChildJvm child : children) {
            after.add(child.cpuTime());
        }
        long wall = System.nanoTime() - start;
        List<Double> percents = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            percents.add(Rate.percentOfACore(after.get(i).minus(before.get(i)).toNanos(), wall));
        }
        return percents;
    }
}
