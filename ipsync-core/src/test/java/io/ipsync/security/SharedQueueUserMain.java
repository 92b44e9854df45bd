package io.ipsync.security;

import io.ipsync.FileSharing;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.file.FileSettings;
import io.ipsync.testing.ParentPipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One user's process on a queue, for tests where users share (or do not share) a queue through
 * their group.
 *
 * <p>Usage: {@code SharedQueueUserMain <private|group> <queue directory> <command> [arguments]}:
 * <ul>
 * <li>{@code put <text>...}: puts each text, reports {@code put <text>} for each;
 * <li>{@code take <settle>...}: takes one message per argument and settles it as told
 * ({@code ack}, {@code dead}), reporting {@code took <text> attempt <n> <settle>}; {@code hold}
 * reports {@code holding <text>} and keeps the message until the process is killed.
 * </ul>
 * Every failure is reported as {@code failed <exception message>} and ends the process with exit
 * code 3.
 */
public final class SharedQueueUserMain {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private SharedQueueUserMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentPipe parent = ParentPipe.connect();
        FileSharing sharing = FileSharing.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        QueueOptions options = QueueOptions.builder().reclaimInterval(Duration.ofMillis(100)).build();
        FileSettings settings = FileSettings.builder().sharing(sharing).build();
        try (JsonDataQueue queue = JsonDataQueue.open(Path.of(args[1]), options, settings)) {
            parent.report("opened");
            for (int i = 3; i < args.length; i++) {
                switch (args[2]) {
                    case "put" -> {
                        queue.put(args[i]);
                        parent.report("put " + args[i]);
                    }
                    case "take" -> take(parent, queue, args[i]);
                    default -> throw new IllegalArgumentException("unknown command " + args[2]);
                }
            }
        } catch (RuntimeException e) {
            parent.report("failed " + e.getMessage());
            System.exit(3);
        }
        parent.report("done");
    }

    private static void take(ParentPipe parent, JsonDataQueue queue, String settle) throws InterruptedException {
        Optional<ReceivedMessage> received = queue.receive(WAIT);
        if (received.isEmpty()) {
            parent.report("nothing within " + WAIT);
            return;
        }
        ReceivedMessage message = received.get();
        String text = message.payload().as(String.class);
        switch (settle) {
            case "ack" -> message.acknowledge();
            case "dead" -> message.deadLetter("dead-lettered by uid " + System.getProperty("user.name"), null);
            case "hold" -> {
                parent.report("holding " + text);
                parent.awaitCommand("never");
            }
            default -> throw new IllegalArgumentException("unknown settlement " + settle);
        }
        parent.report("took " + text + " attempt " + message.metadata().attempt() + " " + settle);
    }
}
