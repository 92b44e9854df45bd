package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import java.time.Duration;

/**
 * A consumer in a child JVM: takes one message from a Redis queue, says so on its standard output
 * ({@code CLAIMED <id> <attempt>}) and holds it, unsettled, until it is killed or its standard
 * input ends (the test JVM died). Halts by itself after two minutes.
 *
 * <p>Arguments: the server's URI, the queue's name, the lease in milliseconds.
 */
public final class HoldingConsumerMain {

    private HoldingConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(2).toMillis()); // the hard timeout of a child nobody killed
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(3);
        }, "child-hard-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        ChannelAddress address = new ChannelAddress(RedisSettings.TRANSPORT, args[1],
                RedisSettings.builder().server(args[0]).lease(Duration.ofMillis(Long.parseLong(args[2]))).build());
        JsonDataQueue queue = JsonDataQueue.open(address, QueueOptions.DEFAULTS);
        ReceivedMessage message = queue.receive(Duration.ofSeconds(60)).orElseThrow();
        System.out.println("CLAIMED " + message.metadata().name() + " " + message.metadata().attempt());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the message until killed
        }
        Runtime.getRuntime().halt(2);
    }
}
