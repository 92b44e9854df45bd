package io.ipsync.cli;

import io.ipsync.QueueOptions;
import io.ipsync.file.FileTransport;
import picocli.CommandLine.Option;

/**
 * {@code --layout files|journal}: the queue layout to create, or to insist on. A picocli mixin.
 * Without it, an existing queue opens in the layout it has and a new one is made as files.
 */
final class LayoutOption {

    @Option(names = "--layout", paramLabel = "LAYOUT",
            description = {
                "The queue's layout: files (one file per message, shared with Python; the default for a new",
                "queue) or journal (memory-mapped segments, Java only, for large amounts of data; see",
                "docs/journal.md). A queue keeps the layout it was created with: without --layout it opens as it",
                "is, and asking for the other layout fails."
            })
    private String layout;

    /** The options with this layout asked for, if one was given. */
    QueueOptions.Builder apply(QueueOptions.Builder options) {
        if (layout != null) {
            if (!layout.equals(FileTransport.FILES_LAYOUT) && !layout.equals(FileTransport.JOURNAL_LAYOUT)) {
                throw new IllegalArgumentException("--layout takes files or journal, not '" + layout + "'");
            }
            options.layout(layout);
        }
        return options;
    }
}
