package io.ipsync.process;

import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ParentPipe;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer process for fault injection: puts {@link CheckedPayload}s with ids
 * {@code <name>.<n>} (n = 0, 1, ...; padding 0-8 KiB) until told to stop, and after each put
 * <em>returned</em> appends {@code put <id>} to its {@link LedgerFile}. A put that returned is
 * therefore in the ledger unless the process was killed between the two.
 *
 * <p>Usage: {@code LedgerProducerMain <queue address> <ledger file> --name=<name> [--maxPauseMicros=1000]
 * [--retryAfterFailure=PT0.1S]} (a random pause of up to {@code maxPauseMicros} between puts, so
 * that producers do not starve the consumers); the address a queue directory or a URI such as
 * {@code redis://127.0.0.1:6379/orders} ({@link io.ipsync.ChannelAddress#parse}).
 *
 * <p>A put that fails ends the process, unless {@code --retryAfterFailure} is given (for a server
 * that goes away): then the producer reports {@code failed <id> <millis> <pid> <message>}, how long
 * the put took to fail and why, waits that long and goes on with the next id (the failed one may
 * or may not have been stored: it is not in the ledger, and never put again), and reports
 * {@code recovered <pid>} when a put returns again.
 *
 * <p>Reports {@code ready <pid>} once its first put returned, and {@code stopped <puts> <pid>} after the test sent
 * {@code stop}.
 */
public final class LedgerProducerMain {

    private static volatile boolean stopRequested;

    private LedgerProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        ChildArguments arguments = new ChildArguments(args);
        String name = arguments.text("name", null);
        if (name == null) {
            throw new IllegalArgumentException("--name=<name> is required");
        }
        int maxPauseMicros = arguments.integer("maxPauseMicros", 1000);
        Duration retryAfterFailure = arguments.duration("retryAfterFailure", null);
        arguments.requireAllRead();
        SplittableRandom random = new SplittableRandom();
        parent.onCommand("stop", () -> stopRequested = true);
        long puts = 0;
        boolean failing = false;
        try (JsonDataQueue queue = JsonDataQueue.open(arguments.address(0, "queue address"), QueueOptions.DEFAULTS);
             LedgerFile ledger = LedgerFile.create(arguments.path(1, "ledger file"))) {
            for (long next = 0; !stopRequested; next++) {
                String id = name + "." + next;
                long start = System.nanoTime();
                try {
                    queue.put(CheckedPayload.of(id, random.nextInt(8 * 1024)));
                } catch (IpsyncException e) {
                    if (retryAfterFailure == null) {
                        throw e;
                    }
                    parent.report("failed " + id + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " "
                            + parent.pid() + " " + oneLine(e.getMessage()));
                    failing = true;
                    LockSupport.parkNanos(retryAfterFailure.toNanos()); // a back-off, not a synchronisation
                    continue;
                }
                ledger.append("put " + id);
                if (puts++ == 0) {
                    parent.report("ready " + parent.pid());
                }
                if (failing) {
                    failing = false;
                    parent.report("recovered " + parent.pid());
                }
                LockSupport.parkNanos(random.nextInt(maxPauseMicros + 1) * 1000L);
            }
        }
        parent.report("stopped " + puts + " " + parent.pid());
    }

    static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ').replace('\r', ' ');
    }
}
