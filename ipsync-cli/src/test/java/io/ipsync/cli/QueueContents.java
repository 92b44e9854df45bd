package io.ipsync.cli;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.file.FileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a queue through the library, to check what the command line put or left. */
final class QueueContents {

    private QueueContents() {
    }

    /** Takes every waiting message and returns their stored texts, oldest first (empty text for null). */
    static List<String> drain(Path directory) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        FileSettings existingOnly = FileSettings.builder().createDirectory(false).build();
        try (JsonDataQueue queue = JsonDataQueue.open(directory, QueueOptions.DEFAULTS, existingOnly)) {
            for (Optional<ReceivedMessage> m = queue.receive(Duration.ZERO); m.isPresent(); m = queue.receive(Duration.ZERO)) {
                texts.add(m.get().payload().text());
                m.get().acknowledge();
            }
        }
        return texts;
    }
}
