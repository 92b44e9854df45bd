package io.ipsync.cli;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ipsync put DIR [JSON...]}: puts messages on a queue, from the arguments or standard input. */
@Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Puts JSON messages on the queue in DIR, in the order given, and exits 0 once every one is in "
                    + "the queue.",
            "",
            "Each JSON argument is one message. Without arguments, each line of standard input (UTF-8) is "
                    + "one message; blank lines are skipped.",
            "",
            "Every message is checked before the first one is put: if one is not exactly one JSON value, "
                    + "nothing is put and put exits 2, naming the argument or line. With --stream, each line "
                    + "is put as soon as it is read (for input that does not end); a bad line then stops put, "
                    + "and the lines before it stay in the queue.",
            "",
            "null puts an empty message, as Python's jk_interprocesssync does for None. DIR and missing "
                    + "parent directories are created; with --layout journal and no messages (< /dev/null), put "
                    + "creates an empty journal queue.",
            "",
            "DIR may also be the address of a queue of another installed transport, e.g. "
                    + "redis://host:6379/orders."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every message is in the queue",
            "2:usage error, or a message that is not JSON",
            "3:failure (the reason is on standard error)"
        })
final class PutCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Mixin
    private LayoutOption layout;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private IpsyncCommand ipsync;

    @Parameters(index = "0", paramLabel = "DIR", converter = ChannelArgument.Converter.class,
            description = "The queue directory, or a queue's address.")
    private ChannelArgument queue;

    @Parameters(index = "1..*", paramLabel = "JSON", description = "The messages, one JSON value each.")
    private List<String> arguments = new ArrayList<>();

    @Option(names = "--stream",
            description = "Put each line of standard input as soon as it is read, instead of checking them all first.")
    private boolean stream;

    @Option(names = "--sync",
            description = "Force every message to the storage device before exiting (it then survives a power loss on a "
                    + "journaling file system; costs milliseconds per message on a real disk; pointless on tmpfs).")
    private boolean sync;

    @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Put the messages for later: no consumer takes them before DURATION from now (e.g. 30s, 5m, "
                    + "PT1H). Only ipsync's consumers take messages put for later: on files, Python's never see them.")
    private Duration delay;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Let each message expire DURATION after it is due: a consumer that takes it later "
                    + "dead-letters it, unhandled, as expired.")
    private Duration timeToLive;

    @Option(names = "--max-backlog", paramLabel = "N",
            description = "Refuse to put while N or more messages wait in the queue (exit 3, naming the queue and the "
                    + "limit), or wait for room up to --put-timeout.")
    private long maxBacklog;

    @Option(names = "--put-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --max-backlog, how long to wait for room in a full queue (default: fail at once).")
    private Duration putTimeout;

    @Override
    public Integer call() throws IOException {
        if (maxBacklog < 0) {
            throw new ParameterException(spec.commandLine(), "--max-backlog must be 0 (no bound) or more but was " + maxBacklog);
        }
        if (timeToLive != null && timeToLive.isZero()) {
            throw new ParameterException(spec.commandLine(), "--ttl must be more than 0");
        }
        if (putTimeout != null && maxBacklog == 0) {
            throw new ParameterException(spec.commandLine(), "--put-timeout needs --max-backlog");
        }
        fileOptions().requireFile(spec.commandLine(), queue);
        if (!arguments.isEmpty()) {
            if (stream) {
                throw new ParameterException(spec.commandLine(), "--stream reads standard input: give no JSON with it");
            }
            putAll(parseArguments());
        } else if (stream) {
            putEachLine();
        } else {
            putAll(readAllLines());
        }
        return ExitCodes.DONE;
    }

    /** The messages in their stored form ({@link JsonFormat#storable}): null for JSON null. */
    private List<Object> parseArguments() {
        List<Object> messages = new ArrayList<>(arguments.size());
        for (int i = 0; i < arguments.size(); i++) {
            messages.add(JsonFormat.storable(arguments.get(i), "JSON argument " + (i + 1)));
        }
        return messages;
    }

    private List<Object> readAllLines() throws IOException {
        List<Object> messages = new ArrayList<>();
        InputLines lines = new InputLines(ipsync.standardInput());
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (!line.isBlank()) {
                messages.add(JsonFormat.storable(line, "line " + lines.number()));
            }
        }
        return messages;
    }

    private void putAll(List<Object> messages) {
        try (JsonDataQueue queue = openQueue()) {
            if (delay == null) {
                queue.putAll(messages);
                return;
            }
            Instant notBefore = Instant.now().plus(delay);
            for (Object message : messages) {
                queue.putAt(message, Map.of(), notBefore);
            }
        }
    }

    private void putEachLine() throws IOException {
        InputLines lines = new InputLines(ipsync.standardInput());
        try (JsonDataQueue queue = openQueue()) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank()) {
                    Object message = JsonFormat.storable(line, "line " + lines.number());
                    if (delay == null) {
                        queue.put(message);
                    } else {
                        queue.putLater(message, delay);
                    }
                }
            }
        }
    }

    private JsonDataQueue openQueue() {
        QueueOptions.Builder options = layout.apply(QueueOptions.builder().jsonMapper(JsonFormat.mapper()))
                .timeToLive(timeToLive).maxBacklog(maxBacklog);
        if (putTimeout != null) {
            options.putTimeout(putTimeout);
        }
        return JsonDataQueue.open(queue.creating(fileOptions()), options.build());
    }

    private FileOptions fileOptions() {
        return FileOptions.of(sharing, sync);
    }
}
