package io.ipsync.cli;

import io.ipsync.Event;
import io.ipsync.EventOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipsync signal FILE}: signals an event. */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {
            "Signals the event FILE: every process waiting on it (ipsync wait, or a program using ipsync or "
                    + "jk_interprocesssync) wakes once. Prints nothing.",
            "",
            "FILE and missing parent directories are created.",
            "",
            "FILE may also be the address of an event of another installed transport, e.g. "
                    + "redis://host:6379/reload."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:signalled",
            "2:usage error",
            "3:failure (the reason is on standard error)"
        })
final class SignalCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", converter = ChannelArgument.Converter.class,
            description = "The event file, or an event's address.")
    private ChannelArgument event;

    @Option(names = "--sync",
            description = "Force the signal to the storage device before exiting (it then survives a power loss on a "
                    + "journaling file system; costs milliseconds per signal on a real disk; pointless on tmpfs).")
    private boolean sync;

    @Override
    public Integer call() {
        FileOptions fileOptions = FileOptions.of(sharing, sync);
        fileOptions.requireFile(spec.commandLine(), this.event);
        try (Event event = Event.open(this.event.creating(fileOptions), EventOptions.DEFAULTS)) {
            event.signal();
        }
        return ExitCodes.DONE;
    }
}
