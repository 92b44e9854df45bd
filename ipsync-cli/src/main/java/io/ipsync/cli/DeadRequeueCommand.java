package io.ipsync.cli;

import io.ipsync.DeadLetters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ipsync dead requeue DIR (ID... | --all)}: puts dead letters back into their queue. */
@Command(name = "requeue", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Puts dead letters of the queue in DIR back into it, as waiting first attempts with their content and "
                    + "headers, once the cause that set them aside is fixed. Prints 'requeued N dead letters'.",
            "",
            "Each one is one atomic step: killed at any point and run again, a requeue loses and doubles nothing."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE)
final class DeadRequeueCommand extends DeadLetterAction implements Callable<Integer> {

    @Override
    String done() {
        return "requeued";
    }

    @Override
    boolean apply(DeadLetters letters, String id) {
        return letters.requeue(id);
    }

    @Override
    int applyToAll(DeadLetters letters) {
        return letters.requeueAll();
    }

    @Override
    public Integer call() {
        return run();
    }
}
