package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ipsync take DIR [-n N] [--timeout DURATION]}: prints messages taken from a queue.
 *
 * <p>Each message is received (claimed), printed, flushed, and only then acknowledged: a take
 * killed at any moment loses nothing. What it held when it died is taken back by the next
 * consumer of the queue, so a line may be printed twice but a message is never dropped unprinted.
 */
@Command(name = "take", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Takes messages from the queue in DIR, oldest first, and prints each one as a line of compact "
                    + "JSON (null for an empty message).",
            "",
            "A message is removed from the queue only after its line was written and flushed, so a take "
                    + "killed at any moment loses nothing: the message it held goes back to the queue when "
                    + "the next consumer of the queue runs (its attempt is counted, and it may be printed "
                    + "again). If standard output cannot be written, the message goes back at once and take "
                    + "exits 3. Messages that are not JSON are set aside as dead letters (see stat), with a "
                    + "warning on standard error.",
            "",
            "DIR must exist.",
            "",
            "DIR may also be the address of a queue of another installed transport, e.g. "
                    + "redis://host:6379/orders."
        },
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:N messages were taken",
            "1:the timeout passed first (without -n, the only way to end)",
            "2:usage error",
            "3:failure (the reason is on standard error)"
        })
final class TakeCommand implements Callable<Integer> {

    @Mixin
    private SharingOption sharing;

    @Mixin
    private LayoutOption layout;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", converter = ChannelArgument.Converter.class,
            description = "The queue directory, or a queue's address.")
    private ChannelArgument queue;

    @Mixin
    private WaitLimits limits;

    @Override
    public Integer call() throws InterruptedException {
        FileOptions fileOptions = FileOptions.of(sharing);
        fileOptions.requireFile(spec.commandLine(), this.queue);
        ChannelAddress address = this.queue.existingQueue(fileOptions);
        LinePrinter out = new LinePrinter(spec.commandLine().getOut());
        QueueOptions options = layout.apply(QueueOptions.builder().jsonMapper(JsonFormat.mapper())).build();
        try (JsonDataQueue queue = JsonDataQueue.open(address, options)) {
            return limits.repeat(timeout -> {
                Optional<ReceivedMessage> received = queue.receive(timeout);
                if (received.isEmpty()) {
                    return false;
                }
                try (ReceivedMessage message = received.get()) { // released if not acknowledged
                    out.println(JsonFormat.compact(message.payload().asNode()));
                    message.acknowledge();
                }
                return true;
            });
        }
    }
}
