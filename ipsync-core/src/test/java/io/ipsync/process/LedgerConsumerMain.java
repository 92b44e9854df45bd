package io.ipsync.process;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.file.FileSettings;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ParentPipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A consumer process for fault injection: takes messages with {@link JsonDataQueue#poll}
 * (acknowledged when the handler returns) and records each one in its {@link LedgerFile}:
 *
 * <pre>
 * begin &lt;id&gt; &lt;attempt&gt;     the handler started on the message
 * handled &lt;id&gt;             the handler's work is done (it returns next)
 * done &lt;id&gt;                the acknowledgement returned: the message is gone from the queue
 * corrupt &lt;name&gt; &lt;what&gt;    the payload's checksum does not match (the handler then throws)
 * unsettled &lt;id&gt;           the handler's work is done but the acknowledgement failed (the
 *                          server went away): the message may come again
 * </pre>
 *
 * A message seen twice must therefore show, in the ledger of the process that saw it first, a
 * {@code begin} without its {@code done}: the last {@code begin} of a process that was killed, or
 * one whose acknowledgement failed.
 *
 * <p>Usage: {@code LedgerConsumerMain <queue address> <ledger file> [--maxHandleMicros=5000]
 * [--reclaimInterval=PT0.2S] [--pollInterval=PT0.25S] [--pollTimeout=PT2S] [--maxAttempts=1000]
 * [--retryAfterFailure=PT0.1S]},
 * the address a queue directory or a URI such as {@code redis://127.0.0.1:6379/orders}
 * ({@link ChannelAddress#parse}); {@code --pollInterval} is the file transport's, and on a server
 * {@code --reclaimInterval} is the lease. Handling takes a random time up to
 * {@code maxHandleMicros}, so that kills fall inside it.
 *
 * <p>A poll that fails (it cannot take a message, or cannot acknowledge the one it handled) ends
 * the process, unless {@code --retryAfterFailure} is given (for a server that goes away): then the
 * consumer reports {@code unavailable <millis> <pid> <message>}, how long the poll took to fail
 * and why, waits that long and polls again, and reports {@code recovered <pid>} when a poll
 * returns again. The queue itself tries a failed acknowledgement again before its next take.
 *
 * <p>Reports {@code ready <pid>} once its first poll returned: it takes part in the queue (on a
 * server, it is connected and in the consumer group), so a kill then hits a consumer at work. After the test sends {@code drain} it
 * stops at the first poll that finds nothing, and reports {@code drained <handled> <pid>}.
 */
public final class LedgerConsumerMain {

    private static volatile boolean draining;

    private LedgerConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        ChildArguments arguments = new ChildArguments(args);
        int maxHandleMicros = arguments.integer("maxHandleMicros", 5000);
        Duration pollTimeout = arguments.duration("pollTimeout", Duration.ofSeconds(2));
        QueueOptions options = QueueOptions.builder()
                .reclaimInterval(arguments.duration("reclaimInterval", Duration.ofMillis(200)))
                .maxAttempts(arguments.integer("maxAttempts", 1000))
                .build();
        ChannelAddress address = arguments.address(0, "queue address");
        Duration pollInterval = arguments.duration("pollInterval", null);
        Duration retryAfterFailure = arguments.duration("retryAfterFailure", null);
        if (address.transport().equals(ChannelAddress.FILE)) {
            address = ChannelAddress.file(Path.of(address.location()), FileSettings.builder()
                    .pollInterval(pollInterval == null ? Duration.ofMillis(250) : pollInterval).build());
        } else if (pollInterval != null) {
            throw new IllegalArgumentException("--pollInterval is the file transport's, not for " + address);
        }
        arguments.requireAllRead();
        SplittableRandom random = new SplittableRandom();
        parent.onCommand("drain", () -> draining = true);
        long handled = 0;
        try (JsonDataQueue queue = JsonDataQueue.open(address, options);
             LedgerFile ledger = LedgerFile.create(arguments.path(1, "ledger file"))) {
            boolean ready = false;
            boolean failing = false;
            while (true) {
                String[] id = new String[1];
                long start = System.nanoTime();
                boolean took;
                try {
                    took = queue.poll(pollTimeout, message -> {
                        id[0] = handle(message, ledger, random.nextInt(maxHandleMicros + 1));
                    });
                } catch (IpsyncException e) {
                    if (retryAfterFailure == null) {
                        throw e;
                    }
                    if (id[0] != null) {
                        ledger.append("unsettled " + id[0]);
                    }
                    parent.report("unavailable " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " "
                            + parent.pid() + " " + LedgerProducerMain.oneLine(e.getMessage()));
                    failing = true;
                    LockSupport.parkNanos(retryAfterFailure.toNanos()); // a back-off, not a synchronisation
                    continue;
                }
                if (!ready) {
                    ready = true;
                    parent.report("ready " + parent.pid());
                }
                if (failing) {
                    failing = false;
                    parent.report("recovered " + parent.pid());
                }
                if (took && id[0] != null) {
                    ledger.append("done " + id[0]);
                    handled++;
                } else if (!took && draining) {
                    break;
                }
            }
        }
        parent.report("drained " + handled + " " + parent.pid());
    }

    private static String handle(ReceivedMessage message, LedgerFile ledger, int handleMicros) {
        CheckedPayload payload = message.payload().as(CheckedPayload.class);
        if (!payload.isIntact()) {
            ledger.append("corrupt " + message.metadata().name() + " " + payload);
            throw new IllegalStateException("Corrupt message " + message.metadata().name() + ": " + payload);
        }
        ledger.append("begin " + payload.id() + " " + message.metadata().attempt());
        LockSupport.parkNanos(handleMicros * 1000L);
        ledger.append("handled " + payload.id());
        return payload.id();
    }
}
