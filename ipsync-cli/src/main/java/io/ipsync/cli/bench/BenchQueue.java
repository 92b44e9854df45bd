package io.ipsync.cli.bench;

import io.ipsync.JsonDataQueue;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A queue that the children of one scenario share: a folder in the workspace ({@link FolderQueue}).
 */
interface BenchQueue {

    /** What a child is given to open it ({@link #open(String)}): the folder's path. */
    String argument();

    /** Opens it in the bench's own process, to look at how many messages wait (never to take any). */
    JsonDataQueue openToLook();

    /** Removes it and every message in it. */
    void remove() throws IOException, InterruptedException;

    /** Opens, with default options, the queue a child was given. */
    static JsonDataQueue open(String argument) {
        return JsonDataQueue.open(Path.of(argument));
    }
}
