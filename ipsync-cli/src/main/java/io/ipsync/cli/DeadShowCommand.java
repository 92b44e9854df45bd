package io.ipsync.cli;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipsync dead show DIR ID}: one dead letter, whole. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {
            "Prints one dead letter of the queue in DIR as one line of JSON: its id, the message's id, attempts, "
                    + "time, reason, exception, headers and payload (\"payloadText\" for bytes that are not JSON, "
                    + "\"unreadable\": true where they cannot be read)."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE)
final class DeadShowCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", converter = ChannelArgument.Converter.class,
            description = "The queue directory, or a queue's address.")
    private ChannelArgument queue;

    @Parameters(index = "1", paramLabel = "ID", description = "The dead letter's id, as list prints it.")
    private String id;

    @Override
    public Integer call() {
        Optional<DeadLetter> letter;
        try (JsonDataQueue opened = DeadLetterQueue.open(spec.commandLine(), queue, sharing)) {
            letter = opened.deadLetters().read(id);
        }
        if (letter.isEmpty()) {
            spec.commandLine().getErr().println("ipsync: no dead letter " + id);
            return ExitCodes.NOTHING;
        }
        new LinePrinter(spec.commandLine().getOut()).println(JsonFormat.compact(DeadLetterQueue.describe(letter.get(), true)));
        return ExitCodes.DONE;
    }
}
