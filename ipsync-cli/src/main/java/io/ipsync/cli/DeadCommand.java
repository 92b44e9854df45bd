package io.ipsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ipsync dead list|show|requeue|purge DIR ...}: looks at a queue's dead letters and re-drives or removes them. */
@Command(name = "dead", mixinStandardHelpOptions = true,
        description = {
            "Looks at the dead letters of the queue in DIR (messages set aside because they could not be read "
                    + "or handled), puts them back into the queue once the cause is fixed, or removes them for good.",
            "",
            "DIR may also be the address of a queue of another installed transport, e.g. redis://host:6379/orders.",
            "A re-drive is one atomic step of the transport per dead letter: interrupted at any point and run "
                    + "again, it loses and doubles nothing. A re-driven message waits as a first attempt."
        },
        subcommands = {DeadListCommand.class, DeadShowCommand.class, DeadRequeueCommand.class, DeadPurgeCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:nothing found (show, requeue, purge: no such dead letter)",
            "2:usage error",
            "3:failure (the reason is on standard error)"
        })
final class DeadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Say what to do: list, show, requeue or purge");
    }
}
