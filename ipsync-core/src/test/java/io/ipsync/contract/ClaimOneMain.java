package io.ipsync.contract;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.testing.ParentPipe;
import java.time.Duration;

/**
 * A consumer process that claims one message and holds it until it is killed: the "consumer that
 * dies while handling" of the contract tests. Prints {@code claimed <id> <attempt>} once it holds
 * the message.
 *
 * <p>Usage: {@code ClaimOneMain <address> <reclaim interval in milliseconds>}.
 */
public final class ClaimOneMain {

    private ClaimOneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentPipe parent = ParentPipe.connect();
        QueueOptions options = QueueOptions.builder().reclaimInterval(Duration.ofMillis(Long.parseLong(args[1]))).build();
        JsonDataQueue queue = JsonDataQueue.open(ChannelAddress.parse(args[0]), options);
        ReceivedMessage message = queue.receive(Duration.ofMinutes(1))
                .orElseThrow(() -> new AssertionError("no message came within a minute"));
        parent.report("claimed " + message.metadata().name() + " " + message.metadata().attempt());
        parent.awaitCommand("never sent: the test kills this process");
    }
}
