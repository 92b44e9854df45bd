package io.ipsync.file;

import io.ipsync.QueueOptions;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ParentPipe;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A producer process that puts {@code count} messages {@code m0, m1, ...} of 1 MiB each through
 * {@link FaultyFileSteps}, so that one step of one put can end the process or pause it.
 *
 * <p>Usage: {@code PutMain <queue directory> <count> <faulty step, 0 for none> <fault>}.
 * Reports {@code put <id> <name>} after each put returned, {@code failed <id> <exception>} after
 * one failed, {@code paused} when a {@link FaultyFileSteps.Fault#PAUSE_HALFWAY} write is half
 * done (it goes on when the test sends {@code resume}), and {@code finished} at the end.
 */
public final class PutMain {

    static final int MESSAGE_SIZE = 1024 * 1024;

    private PutMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        Path root = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        FaultyFileSteps steps = new FaultyFileSteps(root, Integer.parseInt(args[2]),
                FaultyFileSteps.Fault.valueOf(args[3]), line -> {
                }, () -> {
                    parent.report("paused");
                    try {
                        parent.awaitCommand("resume");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
        try (FileQueueChannel channel = FileQueueChannel.open(root, QueueOptions.DEFAULTS, FileSettings.DEFAULTS, steps)) {
            for (int i = 0; i < count; i++) {
                String id = "m" + i;
                try {
                    String name = channel.put(CheckedPayload.of(id, MESSAGE_SIZE).toJson());
                    parent.report("put " + id + " " + name);
                } catch (IOException e) {
                    parent.report("failed " + id + " " + e);
                }
            }
        }
        parent.report("finished");
    }
}
