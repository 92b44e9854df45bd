package io.ipsync.cli;

import io.ipsync.cli.bench.BenchCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code ipsync} command: {@code ipsync COMMAND ...} through the launcher beside the jar, or
 * {@code java -jar ipsync.jar COMMAND ...}, with one subcommand per class. Build it with
 * {@link #commandLine(InputStream)}, which installs the exit-status rules ({@link ExitCodes});
 * commands print through the {@code CommandLine}'s writers and read standard input through
 * {@link #standardInput()}, so tests run them in-process.
 */
@Command(name = "ipsync", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Signals and JSON messages between processes on one host, through files, with no broker; "
                    + "compatible with Python's jk_interprocesssync.",
            "",
            "Queues (a directory): put, take, stat, move. Events (a file): signal, wait. Data events (a file "
                    + "holding the latest JSON value): publish, watch. Performance: bench. Results go to "
                    + "standard output, one line each; errors and warnings to standard error.",
            "",
            "Where a command takes a directory or file, it also takes the address of a channel of another "
                    + "installed transport, e.g. redis://host:6379/orders when the Redis transport "
                    + "(io.ipsync:ipsync-redis) is on the class path."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE, // 3 even on a CommandLine built without FailureReporter
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:a --timeout passed first (take, wait, watch), or nothing to move (move)",
            "2:usage error, or a message that is not JSON",
            "3:failure (a one-line reason is on standard error)"
        },
        footerHeading = "%nExamples (ipsync is the launcher beside ipsync.jar, or java -jar ipsync.jar):%n",
        footer = {
            "  ipsync put /dev/shm/jobs '{\"id\":1}' '{\"id\":2}'",
            "  seq 3 | ipsync put /dev/shm/jobs",
            "  ipsync stat /dev/shm/jobs",
            "  ipsync take /dev/shm/jobs -n 5 --timeout 2s",
            "  ipsync move /dev/shm/jobs redis://host:6379/jobs --dead-letters",
            "  ipsync wait /dev/shm/reload -n 1 &",
            "  ipsync signal /dev/shm/reload",
            "  ipsync watch /dev/shm/price.json &",
            "  ipsync publish /dev/shm/price.json '{\"eur\":1.10}'",
            "  ipsync bench --quick"
        })
public final class IpsyncCommand implements Runnable {

    /**
     * The subcommands by name, in the order help lists them. Picocli reads a command's annotations
     * when it is added, which costs a one-message put more than the put itself: a command line run
     * for one command adds only that one ({@link #commandLine(InputStream, String...)}).
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommandsByName();

    @Spec
    private CommandSpec spec;

    private final InputStream standardInput;

    private final MoveCheckpoint moveCheckpoint;

    /** A command reading this process's standard input. */
    public IpsyncCommand() {
        this(System.in);
    }

    /** A command whose {@code put} reads the given stream as its standard input. */
    public IpsyncCommand(InputStream standardInput) {
        this(standardInput, MoveCheckpoint.NONE);
    }

    /** A command whose {@code move} reports its steps to a test. */
    IpsyncCommand(InputStream standardInput, MoveCheckpoint moveCheckpoint) {
        this.standardInput = Objects.requireNonNull(standardInput, "standardInput");
        this.moveCheckpoint = Objects.requireNonNull(moveCheckpoint, "moveCheckpoint");
    }

    /**
     * The command line with ipsync's error reporting and exit statuses: usage errors in a few lines
     * and exit 2, failures in one line and exit 3, never a stack trace. Set its writers with
     * {@code setOut}/{@code setErr}; {@code execute(args)} returns the exit status.
     */
    public static CommandLine commandLine(InputStream standardInput) {
        return withSubcommands(new IpsyncCommand(standardInput), SUBCOMMANDS.keySet());
    }

    /**
     * As {@link #commandLine(InputStream)}, for running {@code args} once: when they begin with a
     * command's name, the command line has only that command, which makes no difference to how
     * they run. Help, {@code --version}, a missing or a mistyped command get every command.
     */
    public static CommandLine commandLine(InputStream standardInput, String... args) {
        return withSubcommands(new IpsyncCommand(standardInput), subcommandsFor(args));
    }

    /** As {@link #commandLine(InputStream)}, with a {@code move} that reports its steps to a test. */
    static CommandLine commandLine(InputStream standardInput, MoveCheckpoint moveCheckpoint) {
        return withSubcommands(new IpsyncCommand(standardInput, moveCheckpoint), SUBCOMMANDS.keySet());
    }

    /** The names of the subcommands that running {@code args} may need. */
    static Collection<String> subcommandsFor(String... args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
            return List.of(args[0]);
        }
        return SUBCOMMANDS.keySet();
    }

    private static CommandLine withSubcommands(IpsyncCommand command, Collection<String> names) {
        CommandLine commandLine = new CommandLine(command);
        for (String name : names) {
            commandLine.addSubcommand(name, SUBCOMMANDS.get(name));
        }
        // Set after the subcommands are added: picocli passes these handlers on to them.
        return commandLine
                .setParameterExceptionHandler(new UsageErrorReporter())
                .setExecutionExceptionHandler(new FailureReporter());
    }

    /** The names are written out: reading them from the annotations would cost what is saved. */
    private static Map<String, Class<?>> subcommandsByName() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put("put", PutCommand.class);
        byName.put("take", TakeCommand.class);
        byName.put("stat", StatCommand.class);
        byName.put("move", MoveCommand.class);
        byName.put("dead", DeadCommand.class);
        byName.put("signal", SignalCommand.class);
        byName.put("wait", WaitCommand.class);
        byName.put("publish", PublishCommand.class);
        byName.put("watch", WatchCommand.class);
        byName.put("bench", BenchCommand.class);
        byName.put("help", HelpCommand.class);
        return Collections.unmodifiableMap(byName);
    }

    /** The subcommands by name, in the order help lists them. */
    static Map<String, Class<?>> subcommands() {
        return SUBCOMMANDS;
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        // Standard output without System.out's PrintStream, which hides write errors: take must
        // learn that a line could not be written before it acknowledges the message.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8)), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = commandLine(System.in, args).setOut(out).setErr(err).execute(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** What {@code put} reads its messages from when none are given as arguments. */
    InputStream standardInput() {
        return standardInput;
    }

    /** What {@code move} tells after each step. */
    MoveCheckpoint moveCheckpoint() {
        return moveCheckpoint;
    }

    /** {@code ipsync} alone: a usage error that lists the commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing a command: put, take, stat, move, dead, signal, wait, publish, watch, bench or help");
    }
}
