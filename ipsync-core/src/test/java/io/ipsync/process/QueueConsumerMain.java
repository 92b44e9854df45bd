package io.ipsync.process;

import io.ipsync.BackOff;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.testing.ParentPipe;
import java.time.Duration;

/**
 * A consumer process: takes jobs with {@link JsonDataQueue#poll} (acknowledged when the handler
 * returns, retried when it throws) and reports every step, one line each:
 *
 * <pre>
 * ready &lt;pid&gt;                           the queue is open
 * handling &lt;id&gt; &lt;attempt&gt; &lt;pid&gt;       a --block job is being handled; it stays so until
 *                                       the test sends "release &lt;id&gt;" (or kills the process)
 * failing &lt;id&gt; &lt;attempt&gt; &lt;pid&gt;        a --fail job: the handler throws now
 * handled &lt;id&gt; &lt;attempt&gt; &lt;pid&gt;        a job was handled and its acknowledgement returned
 * idle &lt;pid&gt;                            a poll found nothing within --pollTimeout
 * done &lt;handled&gt; &lt;pid&gt;                  the queue was closed; the process ends
 * </pre>
 *
 * <p>Usage: {@code QueueConsumerMain <queue address> [options]}, the address a queue directory or a
 * URI such as {@code redis://127.0.0.1:6379/orders} ({@link io.ipsync.ChannelAddress#parse}); options:
 * <ul>
 * <li>{@code --pollTimeout=PT1S} how long one poll waits;
 * <li>{@code --stopAfterIdlePolls=1} stop after this many empty polls in a row (0: never);
 * <li>{@code --stopAfterHandled=0} stop after handling this many jobs (0: never);
 * <li>{@code --stopAfterFailures=0} stop after this many failed attempts (0: never);
 * <li>{@code --block=ID[@ATTEMPT],...} and {@code --fail=ID[@ATTEMPT],...} (see {@link JobSelector});
 * <li>{@code --maxAttempts=3}, {@code --reclaimInterval=PT2S} (on a server, the lease),
 * {@code --backOff=none|PT..} queue options.
 * </ul>
 * The test can also send {@code stop}: the consumer ends its poll and stops.
 */
public final class QueueConsumerMain {

    private volatile boolean stopRequested;

    private final ParentPipe parent;

    private final JobSelector blocking;

    private final JobSelector failing;

    private QueueConsumerMain(ParentPipe parent, JobSelector blocking, JobSelector failing) {
        this.parent = parent;
        this.blocking = blocking;
        this.failing = failing;
    }

    public static void main(String[] args) throws InterruptedException {
        ParentPipe parent = ParentPipe.connect();
        ChildArguments arguments = new ChildArguments(args);
        Duration pollTimeout = arguments.duration("pollTimeout", Duration.ofSeconds(1));
        int stopAfterIdlePolls = arguments.integer("stopAfterIdlePolls", 1);
        int stopAfterHandled = arguments.integer("stopAfterHandled", 0);
        int stopAfterFailures = arguments.integer("stopAfterFailures", 0);
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(arguments.integer("maxAttempts", QueueOptions.DEFAULT_MAX_ATTEMPTS))
                .reclaimInterval(arguments.duration("reclaimInterval", QueueOptions.DEFAULT_RECLAIM_INTERVAL))
                .backOff(backOff(arguments.text("backOff", "default")))
                .build();
        QueueConsumerMain consumer = new QueueConsumerMain(parent,
                new JobSelector(arguments.text("block", "")), new JobSelector(arguments.text("fail", "")));
        arguments.requireAllRead();

        long handled = 0;
        try (JsonDataQueue queue = JsonDataQueue.open(arguments.address(0, "queue address"), options)) {
            parent.onCommand("stop", () -> {
                consumer.stopRequested = true;
                queue.wakeUpWaiters();
            });
            parent.report("ready " + parent.pid());
            int idlePolls = 0;
            int failures = 0;
            while (!consumer.stopRequested) {
                Delivery delivery = new Delivery();
                if (!queue.poll(pollTimeout, message -> consumer.handle(message, delivery))) {
                    parent.report("idle " + parent.pid());
                    if (++idlePolls == stopAfterIdlePolls) {
                        break;
                    }
                    continue;
                }
                idlePolls = 0;
                if (delivery.failed) {
                    if (++failures == stopAfterFailures) {
                        break;
                    }
                    continue;
                }
                parent.report("handled " + delivery.jobId + " " + delivery.attempt + " " + parent.pid());
                if (++handled == stopAfterHandled) {
                    break;
                }
            }
        }
        parent.report("done " + handled + " " + parent.pid());
    }

    /** What became of one delivery; written by the handler, read after {@code poll} returned. */
    private static final class Delivery {
        int jobId;
        int attempt;
        boolean failed;
    }

    private void handle(ReceivedMessage message, Delivery delivery) throws InterruptedException {
        Job job = message.payload().as(Job.class);
        int attempt = message.metadata().attempt();
        delivery.jobId = job.id();
        delivery.attempt = attempt;
        if (blocking.selects(job.id(), attempt)) {
            parent.report("handling " + job.id() + " " + attempt + " " + parent.pid());
            parent.awaitCommand("release " + job.id());
        }
        if (failing.selects(job.id(), attempt)) {
            delivery.failed = true;
            parent.report("failing " + job.id() + " " + attempt + " " + parent.pid());
            throw new IllegalStateException("job " + job.id() + " fails on purpose on attempt " + attempt
                    + " in process " + parent.pid());
        }
    }

    private static BackOff backOff(String spec) {
        return switch (spec) {
            case "default" -> BackOff.DEFAULT;
            case "none" -> BackOff.none();
            default -> BackOff.fixed(Duration.parse(spec));
        };
    }
}
