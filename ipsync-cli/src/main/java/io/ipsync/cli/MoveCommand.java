package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.FileSharing;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.Transports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ipsync move FROM TO [--dead-letters] [-n N] [--timeout DURATION]}: moves waiting
 * messages from one queue to another, across transports. The mechanism, and why a move killed at
 * any moment and run again loses and doubles nothing, is {@link QueueMove}'s.
 */
@Command(name = "move", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Moves the waiting messages of the queue FROM to the queue TO, oldest first, each with its headers, "
                    + "and prints one line: how many moved. FROM and TO may be directories or addresses of any "
                    + "installed transport, as when an application moves from files to Redis:",
            "  ipsync move /dev/shm/orders redis://host:6379/orders",
            "",
            "A message leaves FROM only once its copy is in TO, and each copy carries the header "
                    + MovedCopies.HEADER + " (FROM and the message's id there). A move killed at any moment "
                    + "leaves every message in FROM, in TO, or (the one it held) in both; running it again "
                    + "finds that copy in TO and only removes the message from FROM, so every message ends up in TO "
                    + "exactly once. It finds copies only while they are in TO, and only where TO's transport can "
                    + "be searched (files and Redis can): otherwise, or if TO's consumers already took that copy, "
                    + "the message held when the move died is put again (with a warning).",
            "",
            "Stop FROM's consumers first, and run one move per FROM at a time. A message in flight in FROM "
                    + "(held by a consumer, or by a move that was killed) moves once FROM gives it back: at once "
                    + "for a directory, after the lease on a server. Retries are moved when they are due (give "
                    + "--timeout to wait for them). Messages that are not JSON stay in FROM as dead letters.",
            "",
            "FROM must exist; TO and missing parent directories are created."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:messages were moved (the line says how many)",
            "1:there was nothing to move (within the timeout)",
            "2:usage error",
            "3:failure (the reason is on standard error; what moved before it stays moved)"
        })
final class MoveCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private IpsyncCommand ipsync;

    @Parameters(index = "0", paramLabel = "FROM", converter = ChannelArgument.Converter.class,
            description = "The queue to move messages from: a directory, or a queue's address.")
    private ChannelArgument from;

    @Parameters(index = "1", paramLabel = "TO", converter = ChannelArgument.Converter.class,
            description = "The queue to move them to: a directory, or a queue's address.")
    private ChannelArgument to;

    @Option(names = "--dead-letters", order = 1,
            description = "Also move FROM's dead letters, after its waiting messages, as waiting messages of TO: "
                    + "re-driven there, their attempts starting again.")
    private boolean deadLetters;

    private long count = Long.MAX_VALUE;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, order = 3,
            description = {
                "Wait at most this long for each next message, e.g. 500ms, 5s, 2m (messages put meanwhile, "
                        + "retries that fall due, messages FROM gives back).",
                "Default: 0, move what is there and do not wait."
            })
    private Duration timeout = Duration.ZERO;

    @Option(names = "--sync", order = 4,
            description = "Force every message put into a directory TO to the storage device (it then survives a power "
                    + "loss on a journaling file system; costs milliseconds per message on a real disk).")
    private boolean sync;

    @Option(names = {"-n", "--count"}, paramLabel = "N", order = 2,
            description = "Move at most N messages (dead letters included). Default: all.")
    void setCount(long count) {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "-n must be at least 1 but was " + count);
        }
        this.count = count;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        checkOptions();
        ChannelAddress source = from.existingQueue(FileOptions.of(sharing));
        ChannelAddress target = to.creating(FileOptions.of(sharing, sync));
        // The move never sets a message aside for its attempts: it does not handle messages, and
        // its own interruptions count attempts.
        QueueOptions fromOptions = QueueOptions.builder().jsonMapper(JsonFormat.mapper()).maxAttempts(Integer.MAX_VALUE).build();
        QueueOptions toOptions = QueueOptions.builder().jsonMapper(JsonFormat.mapper()).build();
        QueueMove.Result result;
        QueueStats left;
        String fromLocation;
        String toLocation;
        try (JsonDataQueue fromQueue = JsonDataQueue.open(source, fromOptions);
                JsonDataQueue toQueue = JsonDataQueue.open(target, toOptions)) {
            fromLocation = fromQueue.location();
            toLocation = toQueue.location();
            MovedCopies copies = MovedCopies.in(target, toQueue.location(), sourceName(source, fromQueue));
            result = new QueueMove(fromQueue, toQueue, copies, this::warn, ipsync.moveCheckpoint())
                    .run(count, timeout, deadLetters);
        }
        // Counted once the move gave back what it held unmoved (a transport may take messages ahead)
        try (JsonDataQueue fromQueue = JsonDataQueue.open(source, fromOptions)) {
            left = fromQueue.stats();
        }
        new LinePrinter(spec.commandLine().getOut()).println(summary(result, left, fromLocation, toLocation));
        return result.moved() > 0 ? ExitCodes.DONE : ExitCodes.NOTHING;
    }

    private void checkOptions() throws IOException {
        if (sharing.sharing() == FileSharing.GROUP && !from.isFile() && !to.isFile()) {
            throw FileOptions.notForFiles(spec.commandLine(), "--group", to);
        }
        if (sync && !to.isFile()) {
            throw FileOptions.notForFiles(spec.commandLine(), "--sync", to);
        }
        if (isSameQueue()) {
            throw new ParameterException(spec.commandLine(), "FROM and TO are the same queue, " + from);
        }
    }

    private boolean isSameQueue() throws IOException {
        if (from.isFile() && to.isFile()) {
            Path source = from.path();
            Path target = to.path();
            return Files.exists(source) && Files.exists(target) ? Files.isSameFile(source, target)
                    : source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize());
        }
        // Where each queue is, as its transport names it (for a server: the server and the channel).
        return from.address().transport().equals(to.address().transport())
                && Transports.providerOf(from.address()).location(from.address())
                        .equals(Transports.providerOf(to.address()).location(to.address()));
    }

    /**
     * How the header names FROM: {@code file:<real path>} for a directory (the same however it is
     * spelled), {@code <transport>:<location>} otherwise.
     */
    private static String sourceName(ChannelAddress source, JsonDataQueue queue) throws IOException {
        if (source.transport().equals(ChannelAddress.FILE)) {
            return ChannelAddress.FILE + ":" + Path.of(queue.location()).toRealPath();
        }
        return source.transport() + ":" + queue.location();
    }

    private void warn(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + line);
        err.flush();
    }

    /** {@code moved 3 messages and 1 dead letter from A to B}, and what needs a look. */
    static String summary(QueueMove.Result result, QueueStats left, String from, String to) {
        StringBuilder line = new StringBuilder("moved ").append(counted(result.messages(), "message"));
        if (result.deadLetters() > 0) {
            line.append(" and ").append(counted(result.deadLetters(), "dead letter"));
        }
        line.append(" from ").append(from).append(" to ").append(to);
        if (result.alreadyInTarget() > 0) {
            line.append(" (").append(result.alreadyInTarget()).append(result.alreadyInTarget() == 1 ? " was" : " were")
                    .append(" there already, put by an interrupted move)");
        }
        List<String> remaining = new ArrayList<>();
        if (left.waiting() > 0) {
            remaining.add(left.waiting() + " waiting");
        }
        if (left.inFlight() > 0) {
            remaining.add(left.inFlight() + " in flight");
        }
        if (left.scheduledRetries() > 0) {
            remaining.add(left.scheduledRetries() + (left.scheduledRetries() == 1 ? " retry" : " retries") + " not due yet");
        }
        if (left.deadLetters() > 0) {
            remaining.add(counted(left.deadLetters(), "dead letter"));
        }
        if (!remaining.isEmpty()) {
            line.append("; left in ").append(from).append(": ").append(String.join(", ", remaining));
        }
        return line.toString();
    }

    private static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
