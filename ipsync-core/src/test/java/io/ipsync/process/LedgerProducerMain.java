package io.ipsync.process;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ParentPipe;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer process for fault injection: puts {@link CheckedPayload}s with ids
 * {@code <name>.<n>} (n = 0, 1, ...; padding 0-8 KiB) until told to stop, and after each put
 * <em>returned</em> appends {@code put <id>} to its {@link LedgerFile}. A put that returned is
 * therefore in the ledger unless the process was killed between the two.
 *
 * <p>Usage: {@code LedgerProducerMain <queue address> <ledger file> --name=<name> [--maxPauseMicros=1000]}
 * (a random pause of up to that much between puts, so that producers do not starve the consumers);
 * the address a queue directory or a URI such as {@code redis://127.0.0.1:6379/orders}
 * ({@link io.ipsync.ChannelAddress#parse}).
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
        arguments.requireAllRead();
        SplittableRandom random = new SplittableRandom();
        parent.onCommand("stop", () -> stopRequested = true);
        long puts = 0;
        try (JsonDataQueue queue = JsonDataQueue.open(arguments.address(0, "queue address"), QueueOptions.DEFAULTS);
             LedgerFile ledger = LedgerFile.create(arguments.path(1, "ledger file"))) {
            while (!stopRequested) {
                String id = name + "." + puts;
                queue.put(CheckedPayload.of(id, random.nextInt(8 * 1024)));
                ledger.append("put " + id);
                if (puts++ == 0) {
                    parent.report("ready " + parent.pid());
                }
                LockSupport.parkNanos(random.nextInt(maxPauseMicros + 1) * 1000L);
            }
        }
        parent.report("stopped " + puts + " " + parent.pid());
    }
}
