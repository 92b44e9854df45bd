package io.ipsync.cli;

import io.ipsync.DataEventOptions;
import io.ipsync.JsonDataEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ipsync publish FILE JSON}: publishes the latest value of a data event. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {
            "Publishes JSON as the value of the data event FILE, replacing the previous one at once (readers "
                    + "never see a partial value); every process watching FILE wakes. Prints nothing.",
            "",
            "null leaves the file empty, as Python's jk_interprocesssync does for None. FILE and missing "
                    + "parent directories are created.",
            "",
            "FILE may also be a data event's address on another installed transport, e.g. "
                    + "redis://host:6379/price."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:published",
            "2:usage error, or JSON that is not one JSON value",
            "3:failure (the reason is on standard error)"
        })
final class PublishCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", converter = ChannelArgument.Converter.class,
            description = "The data event file, or a data event's address.")
    private ChannelArgument event;

    @Parameters(index = "1", paramLabel = "JSON", description = "The value, one JSON value.")
    private String json;

    @Option(names = "--sync",
            description = "Force the value to the storage device before exiting (it then survives a power loss on a "
                    + "journaling file system; costs milliseconds per value on a real disk; pointless on tmpfs).")
    private boolean sync;

    @Override
    public Integer call() {
        FileOptions fileOptions = FileOptions.of(sharing, sync);
        fileOptions.requireFile(spec.commandLine(), this.event);
        JsonNode value = JsonFormat.parse(json, "the value");
        DataEventOptions options = DataEventOptions.builder().jsonMapper(JsonFormat.mapper()).build();
        try (JsonDataEvent event = JsonDataEvent.open(this.event.creating(fileOptions), options)) {
            event.signal(value.isNull() ? null : value);
        }
        return ExitCodes.DONE;
    }
}
