package io.ipsync.file.journal;

import io.ipsync.DeadLetter;
import io.ipsync.MessageMetadata;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A journal queue's dead letters: kept as the file layout keeps them, one file per dead letter
 * with its reason record ({@code .ipsync/dead} inside the queue directory unless configured
 * elsewhere), read and purged by the file layout's store. Re-driving puts the message back into the
 * journal as a new first attempt, then removes the dead letter: a process that dies between the
 * two leaves both, so the message may come back twice (never lost).
 */
final class JournalDeadLetters implements DeadLetterStore {

    private final DeadLetterStore files;

    private final QueueChannel queue;

    JournalDeadLetters(DeadLetterStore files, QueueChannel queue) {
        this.files = files;
        this.queue = queue;
    }

    @Override
    public long count() throws IOException {
        return files.count();
    }

    @Override
    public List<DeadLetter> list(int max) throws IOException {
        return files.list(max);
    }

    @Override
    public Optional<DeadLetter> read(String id) throws IOException {
        return files.read(id);
    }

    @Override
    public synchronized boolean requeue(String id) throws IOException {
        Optional<DeadLetter> found = files.read(id);
        if (found.isEmpty() || found.get().content() == null) {
            return false;
        }
        // a re-driven message no longer expires: its old expiry would set it aside again at once
        Map<String, String> headers = new LinkedHashMap<>(found.get().headers());
        headers.remove(MessageMetadata.EXPIRES_HEADER);
        queue.put(found.get().content(), headers);
        files.purge(id);
        return true;
    }

    @Override
    public boolean purge(String id) throws IOException {
        return files.purge(id);
    }

    @Override
    public int purgeAll() throws IOException {
        return files.purgeAll();
    }
}
