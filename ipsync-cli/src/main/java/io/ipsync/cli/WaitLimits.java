package io.ipsync.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that wait and print a line per thing seen ({@code take},
 * {@code wait}, {@code watch}): {@code -n} bounds how many, {@code --timeout} how long each wait
 * may last. A picocli mixin.
 */
final class WaitLimits {

    private static final long UNLIMITED = -1;

    /** Stands for "no timeout": longer than any process lives. */
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    /** One wait for the next thing to print. */
    @FunctionalInterface
    interface Step {

        /** Waits at most the timeout for the next thing and prints it; {@code false} when the timeout passed first. */
        boolean next(Duration timeout) throws InterruptedException;
    }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    /** How many lines to print; {@link #UNLIMITED} without {@code -n}. */
    private long count = UNLIMITED;

    private Duration timeout;

    @Option(names = {"-n", "--count"}, paramLabel = "N", order = 1,
            description = "Stop after N lines. Without it, run until the timeout passes, or forever.")
    void setCount(long count) {
        if (count < 1) {
            throw new ParameterException(command.commandLine(), "-n must be at least 1 but was " + count);
        }
        this.count = count;
    }

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, order = 2,
            description = {
                "Wait at most this long for each next line, e.g. 500ms, 5s, 2m, 1h, PT5S (0: do not wait).",
                "When it passes, exit 1 (lines printed so far stay printed). Default: wait forever."
            })
    void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Runs the step until it has succeeded N times or one wait timed out.
     *
     * @return {@link ExitCodes#DONE} after N lines, {@link ExitCodes#TIMEOUT} when a wait timed out
     */
    int repeat(Step step) throws InterruptedException {
        Duration eachWait = timeout != null ? timeout : FOREVER;
        for (long done = 0; count == UNLIMITED || done < count; done++) {
            if (!step.next(eachWait)) {
                return ExitCodes.TIMEOUT;
            }
        }
        return ExitCodes.DONE;
    }
}
