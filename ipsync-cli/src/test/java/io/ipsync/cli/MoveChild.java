package io.ipsync.cli;

import io.ipsync.testing.ParentPipe;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ipsync move} in a child JVM that stops at a chosen step of its N-th message and waits
 * there for the test to kill it: a move killed at exactly that point.
 *
 * <p>Usage: {@code MoveChild STEP N move ARGS...}. Prints {@code at STEP <message id>} when it
 * stops; if it never gets there, {@code exit <status> <what move printed>} when the move ends.
 */
public final class MoveChild {

    private MoveChild() {
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        MoveCheckpoint.Step stopAt = MoveCheckpoint.Step.valueOf(args[0]);
        int nth = Integer.parseInt(args[1]);
        AtomicInteger reached = new AtomicInteger();
        MoveCheckpoint checkpoint = (step, messageId) -> {
            if (step == stopAt && reached.incrementAndGet() == nth) {
                parent.report("at " + step + " " + messageId);
                parent.awaitCommand("never sent: the test kills this process");
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = IpsyncCommand.commandLine(InputStream.nullInputStream(), checkpoint)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(Arrays.copyOfRange(args, 2, args.length));
        parent.report("exit " + status + " " + (out + " " + err).strip().replace('\n', ' '));
        System.exit(status);
    }
}
