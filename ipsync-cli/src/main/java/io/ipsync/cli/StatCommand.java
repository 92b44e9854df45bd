package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.file.FileTransport;
import io.ipsync.file.JournalHost;
import io.ipsync.file.journal.JournalQueueChannel;
import io.ipsync.file.journal.JournalStats;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code ipsync stat DIR [--json]}: shows a queue's counters. */
@Command(name = "stat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Shows the state of the queue in DIR: messages waiting, how long the oldest has waited, messages "
                    + "being handled by consumers (in flight), scheduled (retries and messages put for later, not due yet), and dead letters.",
            "",
            "The counters are read one after another, so they can disagree by messages that moved "
                    + "meanwhile. DIR must exist; stat changes nothing.",
            "",
            "DIR may also be the address of a queue of another installed transport, e.g. "
                    + "redis://host:6379/orders; the queue line then shows where the queue is as its transport "
                    + "says it (never a password), and --json adds \"transport\".",
            "",
            "With --json, one line: {\"queue\":\"/path\",\"waiting\":3,\"oldestWaitingAgeMillis\":1520,"
                    + "\"inFlight\":0,\"scheduledRetries\":0,\"deadLetters\":0} (oldestWaitingAgeMillis is "
                    + "null when nothing waits).",
            "",
            "A journal queue (see --layout) shows its layout, its segment files and their bytes, and any "
                    + "message files (q_...) a producer of the file layout dropped into it, which a journal never "
                    + "takes (also warned about on standard error); --json adds \"layout\", \"segments\", "
                    + "\"segmentBytes\" and \"strayMessageFiles\"."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "2:usage error",
            "3:failure (the reason is on standard error)"
        })
final class StatCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Mixin
    private LayoutOption layout;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", converter = ChannelArgument.Converter.class,
            description = "The queue directory, or a queue's address.")
    private ChannelArgument queue;

    @Option(names = "--json", description = "Print one line of JSON, for scripts.")
    private boolean json;

    @Override
    public Integer call() {
        FileOptions fileOptions = FileOptions.of(sharing);
        fileOptions.requireFile(spec.commandLine(), this.queue);
        ChannelAddress address = this.queue.existingQueue(fileOptions);
        QueueOptions options = layout.apply(QueueOptions.builder().jsonMapper(JsonFormat.mapper())).build();
        QueueStats stats;
        String location;
        try (JsonDataQueue queue = JsonDataQueue.open(address, options)) {
            stats = queue.stats();
            location = queue.location();
        }
        JournalStats journal = journalStats(address, options);
        LinePrinter out = new LinePrinter(spec.commandLine().getOut());
        if (json) {
            ObjectNode node = asJson(address.transport(), location, stats);
            if (journal != null) {
                node.put("layout", FileTransport.JOURNAL_LAYOUT);
                node.put("segments", journal.segments());
                node.put("segmentBytes", journal.segmentBytes());
                node.put("strayMessageFiles", journal.strayMessageFiles());
            }
            out.println(JsonFormat.compact(node));
        } else {
            printTable(out, location, stats);
            if (journal != null) {
                String row = "%-18s%s";
                out.println(String.format(Locale.ROOT, row, "layout", FileTransport.JOURNAL_LAYOUT));
                out.println(String.format(Locale.ROOT, row, "segments",
                        journal.segments() + " (" + journal.segmentBytes() + " bytes)"));
                if (journal.strayMessageFiles() > 0) {
                    out.println(String.format(Locale.ROOT, row, "stray q_ files", journal.strayMessageFiles()));
                }
            }
        }
        if (journal != null && journal.strayMessageFiles() > 0) {
            spec.commandLine().getErr().println("ipsync: warning: " + journal.strayMessageFiles() + " message file(s) q_..."
                    + " in the journal queue " + location + " were put by a producer of the file layout (Python?); a"
                    + " journal never takes them");
        }
        return ExitCodes.DONE;
    }

    /** A journal queue's segments and stray message files; {@code null} for a queue of another layout. */
    private static JournalStats journalStats(ChannelAddress address, QueueOptions options) {
        if (!address.transport().equals(FileTransport.INSTANCE.id())) {
            return null;
        }
        try {
            if (!FileTransport.JOURNAL_LAYOUT.equals(JournalHost.detectLayout(Path.of(address.location())))) {
                return null;
            }
            try (QueueChannel channel = FileTransport.INSTANCE.openQueue(address, options)) {
                return ((JournalQueueChannel) channel).journalStats();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode asJson(String transport, String location, QueueStats stats) {
        ObjectNode node = JsonFormat.mapper().createObjectNode();
        node.put("queue", location);
        node.put("transport", transport);
        node.put("waiting", stats.waiting());
        if (stats.oldestWaitingAge() == null) {
            node.putNull("oldestWaitingAgeMillis");
        } else {
            node.put("oldestWaitingAgeMillis", stats.oldestWaitingAge().toMillis());
        }
        node.put("inFlight", stats.inFlight());
        node.put("scheduledRetries", stats.scheduledRetries());
        node.put("deadLetters", stats.deadLetters());
        return node;
    }

    private static void printTable(LinePrinter out, String location, QueueStats stats) {
        String row = "%-18s%s";
        out.println(String.format(Locale.ROOT, row, "queue", location));
        out.println(String.format(Locale.ROOT, row, "waiting", stats.waiting()));
        out.println(String.format(Locale.ROOT, row, "oldest waiting",
                stats.oldestWaitingAge() == null ? "-" : humanReadable(stats.oldestWaitingAge())));
        out.println(String.format(Locale.ROOT, row, "in flight", stats.inFlight()));
        out.println(String.format(Locale.ROOT, row, "scheduled", stats.scheduledRetries()));
        out.println(String.format(Locale.ROOT, row, "dead letters", stats.deadLetters()));
    }

    /** An age as a person reads it: {@code 850ms}, {@code 12.3s}, {@code 4m 5s}, {@code 2h 10m}, {@code 3d 4h}. */
    static String humanReadable(Duration age) {
        long millis = age.toMillis();
        long seconds = age.toSeconds();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis / 1_000 + "." + millis % 1_000 / 100 + "s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3_600 + "h " + seconds % 3_600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3_600 + "h";
    }
}
