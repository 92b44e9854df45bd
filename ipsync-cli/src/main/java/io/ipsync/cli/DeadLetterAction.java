package io.ipsync.cli;

import io.ipsync.DeadLetters;
import io.ipsync.JsonDataQueue;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The arguments and the run of {@code dead requeue} and {@code dead purge}: the queue, and either
 * dead letters by id or {@code --all}. Each id is one step of the transport; the summary line
 * counts those done and names the ids not found.
 */
abstract class DeadLetterAction {

    @Mixin
    private SharingOption sharing;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", converter = ChannelArgument.Converter.class,
            description = "The queue directory, or a queue's address.")
    private ChannelArgument queue;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "Dead letters' ids, as list prints them.")
    private List<String> ids = List.of();

    @Option(names = "--all", description = "Every dead letter of the queue (instead of IDs).")
    private boolean all;

    /** What the action is called in its summary: {@code requeued}, {@code purged}. */
    abstract String done();

    /** The action on one dead letter; whether it was there. */
    abstract boolean apply(DeadLetters letters, String id);

    /** The action on every dead letter; how many. */
    abstract int applyToAll(DeadLetters letters);

    final Integer run() {
        CommandLine command = spec.commandLine();
        if (all == !ids.isEmpty()) {
            throw new ParameterException(command, "Give either the ids of dead letters or --all");
        }
        int count = 0;
        StringBuilder missing = new StringBuilder();
        try (JsonDataQueue opened = DeadLetterQueue.open(command, queue, sharing)) {
            DeadLetters letters = opened.deadLetters();
            if (all) {
                count = letters.count() == 0 ? 0 : applyToAll(letters);
            } else {
                for (String id : ids) {
                    if (apply(letters, id)) {
                        count++;
                    } else {
                        missing.append(missing.length() == 0 ? "" : ", ").append(id);
                    }
                }
            }
        }
        new LinePrinter(command.getOut()).println(done() + " " + count + (count == 1 ? " dead letter" : " dead letters")
                + (missing.length() == 0 ? "" : "; not found: " + missing));
        return count > 0 ? ExitCodes.DONE : ExitCodes.NOTHING;
    }
}
