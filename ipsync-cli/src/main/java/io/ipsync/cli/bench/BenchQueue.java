package io.ipsync.cli.bench;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A queue that the children of one scenario share: a folder in the workspace
 * ({@link FolderQueue}), or a channel on the Redis server ({@link RedisQueue}).
 */
interface BenchQueue {

    /** What a child is given to open it ({@link #open(String)}): the folder's path, or the channel's address. */
    String argument();

    /** Opens it in the bench's own process, to look at how many messages wait (never to take any). */
    JsonDataQueue openToLook();

    /** Removes it and every message in it. */
    void remove() throws IOException, InterruptedException;

    /**
     * Opens, with default options, the queue a child was given: a {@code redis://} address with
     * the installed Redis transport, anything else as a folder, exactly as before there were
     * other transports.
     */
    static JsonDataQueue open(String argument) {
        if (RedisQueueAddress.isOne(argument)) {
            return JsonDataQueue.open(ChannelAddress.parse(argument), QueueOptions.DEFAULTS);
        }
        return JsonDataQueue.open(Path.of(argument));
    }
}
