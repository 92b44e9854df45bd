package io.ipsync.cli;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ipsync dead list DIR [-n N] [--json]}: the dead letters, the one set aside first first. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Lists the dead letters of the queue in DIR, the one set aside first first: its id (what show, "
                    + "requeue and purge take), attempts, when it was set aside and why.",
            "",
            "With --json, one object per line: {\"id\":...,\"message\":...,\"attempts\":3,\"time\":\"...\","
                    + "\"reason\":...,\"exception\":...,\"headers\":{...}}."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE)
final class DeadListCommand implements Callable<Integer> {

    private static final int REASON_WIDTH = 100;

    @Mixin
    private SharingOption sharing;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", converter = ChannelArgument.Converter.class,
            description = "The queue directory, or a queue's address.")
    private ChannelArgument queue;

    @Option(names = "-n", paramLabel = "N", description = "List at most N (default 100).")
    private int max = 100;

    @Option(names = "--json", description = "One line of JSON per dead letter, for scripts.")
    private boolean json;

    @Override
    public Integer call() {
        if (max < 1) {
            throw new ParameterException(spec.commandLine(), "-n must be at least 1 but was " + max);
        }
        List<DeadLetter> letters;
        try (JsonDataQueue opened = DeadLetterQueue.open(spec.commandLine(), queue, sharing)) {
            letters = opened.deadLetters().list(max);
        }
        LinePrinter out = new LinePrinter(spec.commandLine().getOut());
        for (DeadLetter letter : letters) {
            out.println(json ? JsonFormat.compact(DeadLetterQueue.describe(letter, false)) : line(letter));
        }
        return ExitCodes.DONE;
    }

    private static String line(DeadLetter letter) {
        String reason = letter.reason().replace('\n', ' ');
        if (reason.length() > REASON_WIDTH) {
            reason = reason.substring(0, REASON_WIDTH - 3) + "...";
        }
        return String.format(Locale.ROOT, "%s  attempts=%d  %s  %s", letter.id(), letter.attempts(),
                letter.time() == null ? "-" : letter.time(), reason);
    }
}
