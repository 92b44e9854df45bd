package io.ipsync.process;

import io.ipsync.testing.ChildJvm;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One line a {@link QueueConsumerMain} reported about a job: {@code <kind> <id> <attempt> <pid>},
 * kind being {@code handling}, {@code failing} or {@code handled}. Public for the process tests of
 * other transports' modules, which run the same children.
 */
public record ConsumerReport(String kind, int jobId, int attempt, long pid) {

    public static ConsumerReport parse(String line) {
        String[] parts = line.split(" ");
        if (parts.length != 4) {
            throw new IllegalArgumentException("Not a job report: " + line);
        }
        return new ConsumerReport(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Long.parseLong(parts[3]));
    }

    /** Every report of the kind the child printed so far, in order. */
    public static List<ConsumerReport> of(ChildJvm consumer, String kind) {
        return consumer.linesStartingWith(kind + " ").stream().map(ConsumerReport::parse).toList();
    }

    /** The job ids of the reports of the kind, in order. */
    public static List<Integer> jobIds(ChildJvm consumer, String kind) {
        return of(consumer, kind).stream().map(ConsumerReport::jobId).toList();
    }

    /** The reports of the kind from all children, by job id; fails on a job reported twice. */
    public static Map<Integer, ConsumerReport> byJobId(List<ChildJvm> consumers, String kind) {
        return consumers.stream().flatMap(consumer -> of(consumer, kind).stream())
                .collect(Collectors.toMap(ConsumerReport::jobId, Function.identity(), (first, second) -> {
                    throw new AssertionError("Job " + first.jobId() + " was " + kind + " twice: " + first + " and " + second);
                }));
    }
}
