package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipsync wait FILE [-n N] [--timeout DURATION] [--fire-on-init]}: prints a line per wake-up of an event. */
@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Waits for signals of the event FILE and prints a line, " + WaitCommand.LINE + ", for each wake-up.",
            "",
            "Only signals made after wait started wake it, unless --fire-on-init is given. Signals that come "
                    + "while wait is busy, or several in a row, wake it once: an event says \"something "
                    + "happened since you last looked\", not how often.",
            "",
            "FILE's directory must exist (wait creates nothing); FILE itself need not.",
            "",
            "FILE may also be the address of an event of another installed transport, e.g. "
                    + "redis://host:6379/reload."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:woke N times",
            "1:the timeout passed first (without -n, the only way to end)",
            "2:usage error",
            "3:failure (the reason is on standard error)"
        })
final class WaitCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    /** The line printed per wake-up. */
    static final String LINE = "signalled";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", converter = ChannelArgument.Converter.class,
            description = "The event file, or an event's address.")
    private ChannelArgument event;

    @Mixin
    private WaitLimits limits;

    @Option(names = "--fire-on-init", order = 3,
            description = "Also wake at once if FILE was signalled before wait started (if it exists), as "
                    + "jk_interprocesssync's bFireOnInit=True.")
    private boolean fireOnInit;

    @Override
    public Integer call() throws InterruptedException {
        FileOptions fileOptions = FileOptions.of(sharing);
        fileOptions.requireFile(spec.commandLine(), this.event);
        ChannelAddress address = this.event.existingFileIn("event", fileOptions);
        LinePrinter out = new LinePrinter(spec.commandLine().getOut());
        EventOptions options = EventOptions.builder().fireOnInit(fireOnInit).build();
        try (Event event = Event.open(address, options)) {
            return limits.repeat(timeout -> {
                if (!event.await(timeout)) {
                    return false;
                }
                out.println(LINE);
                return true;
            });
        }
    }
}
