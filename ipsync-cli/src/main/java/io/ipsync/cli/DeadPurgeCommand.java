package io.ipsync.cli;

import io.ipsync.DeadLetters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ipsync dead purge DIR (ID... | --all)}: removes dead letters for good. */
@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Removes dead letters of the queue in DIR for good, with their records. Prints 'purged N dead letters'."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE)
final class DeadPurgeCommand extends DeadLetterAction implements Callable<Integer> {

    @Override
    String done() {
        return "purged";
    }

    @Override
    boolean apply(DeadLetters letters, String id) {
        return letters.purge(id);
    }

    @Override
    int applyToAll(DeadLetters letters) {
        return letters.purgeAll();
    }

    @Override
    public Integer call() {
        return run();
    }
}
