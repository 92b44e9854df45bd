package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import io.ipsync.MessageConversionException;
import io.ipsync.spi.UnreadableValueException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipsync watch FILE [-n N] [--timeout DURATION] [--fire-on-init]}: prints the values of a data event. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Watches the data event FILE and prints each new value as a line of compact JSON (null for an "
                    + "empty file).",
            "",
            "Only values published after watch started are printed, unless --fire-on-init is given. Latest "
                    + "value wins: values replaced before watch looked are never printed. A value that is not "
                    + "JSON is skipped with a warning on standard error.",
            "",
            "FILE's directory must exist (watch creates nothing); FILE itself need not.",
            "",
            "FILE may also be a data event's address on another installed transport, e.g. "
                    + "redis://host:6379/price."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:printed N values",
            "1:the timeout passed first (without -n, the only way to end)",
            "2:usage error",
            "3:failure (the reason is on standard error)"
        })
final class WatchCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", converter = ChannelArgument.Converter.class,
            description = "The data event file, or a data event's address.")
    private ChannelArgument event;

    @Mixin
    private WaitLimits limits;

    @Option(names = "--fire-on-init", order = 3,
            description = "Print the current value first, if FILE holds one, as jk_interprocesssync's bFireOnInit=True.")
    private boolean fireOnInit;

    @Override
    public Integer call() throws InterruptedException {
        FileOptions fileOptions = FileOptions.of(sharing);
        fileOptions.requireFile(spec.commandLine(), this.event);
        ChannelAddress address = this.event.existingFileIn("data event", fileOptions);
        LinePrinter out = new LinePrinter(spec.commandLine().getOut());
        DataEventOptions options = DataEventOptions.builder()
                .fireOnInit(fireOnInit)
                .jsonMapper(JsonFormat.mapper())
                .build();
        try (JsonDataEvent event = JsonDataEvent.open(address, options)) {
            return limits.repeat(timeout -> {
                Optional<JsonPayload> value = nextReadableValue(event, timeout);
                if (value.isEmpty()) {
                    return false;
                }
                out.println(JsonFormat.compact(value.get().asNode()));
                return true;
            });
        }
    }

    /** The next value that is JSON; the wait starts again after each value skipped. */
    private Optional<JsonPayload> nextReadableValue(JsonDataEvent event, Duration timeout) throws InterruptedException {
        while (true) {
            try {
                return event.await(timeout);
            } catch (MessageConversionException e) {
                warnSkipped(e);
            } catch (IpsyncException e) {
                if (!(e.getCause() instanceof UnreadableValueException)) {
                    throw e;
                }
                warnSkipped(e);
            }
        }
    }

    private void warnSkipped(IpsyncException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": skipped a value: " + FailureReporter.oneLine(e.getMessage()));
        err.flush();
    }
}
