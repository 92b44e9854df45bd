package io.ipsync.cli;

import io.ipsync.file.FileSettings;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipsync signal FILE}: signals an event. */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {
            "Signals the event FILE: every process waiting on it (ipsync wait, or a program using ipsync or "
                    + "jk_interprocesssync) wakes once. Prints nothing.",
            "",
            "FILE and missing parent directories are created."
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

    @Parameters(index = "0", paramLabel = "FILE", description = "The event file.")
    private Path file;

    @Option(names = "--sync",
            description = "Force the signal to the storage device before exiting (it then survives a power loss on a "
                    + "journaling file system; costs milliseconds per signal on a real disk; pointless on tmpfs).")
    private boolean sync;

    @Override
    public Integer call() {
        try (Event event = Event.open(file, EventOptions.DEFAULTS,
                FileSettings.builder().sharing(sharing.sharing()).createDirectory(true).syncWrites(sync).build())) {
            event.signal();
        }
        return ExitCodes.DONE;
    }
}
