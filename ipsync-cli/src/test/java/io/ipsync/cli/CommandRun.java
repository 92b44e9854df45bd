package io.ipsync.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of ipsync in this JVM, as a shell would run it: its exit status and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    static CommandRun runWithInput(String standardInput, String... args) {
        return run(new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8)), args);
    }

    static CommandRun run(InputStream standardInput, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = IpsyncCommand.commandLine(standardInput, args)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    List<String> lines() {
        return out.lines().toList();
    }
}
