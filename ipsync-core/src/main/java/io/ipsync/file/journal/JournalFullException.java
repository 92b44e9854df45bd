package io.ipsync.file.journal;

import java.io.IOException;

/**
 * A put found the journal queue's backlog (the bytes of messages not yet settled) past its bound,
 * {@link io.ipsync.file.FileSettings#journalMaxBacklog()}, and no room came within
 * {@link io.ipsync.file.FileSettings#journalFullTimeout()}: its consumers are away or too slow.
 * Nothing was stored; the put may be tried again later.
 */
public class JournalFullException extends IOException {

    private static final long serialVersionUID = 1L;

    public JournalFullException(String message) {
        super(message);
    }
}
