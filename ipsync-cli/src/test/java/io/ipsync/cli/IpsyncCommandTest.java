package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class IpsyncCommandTest {

    @TempDir
    Path queue;

    @Test
    void helpListsEveryCommandAndTheExitStatuses() {
        CommandRun help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("put", "take", "stat", "signal", "wait", "publish", "watch", "bench", "Exit status:");
    }

    @Test
    void eachCommandHasHelp() {
        for (String command : new String[] {"put", "take", "stat", "signal", "wait", "publish", "watch", "bench"}) {
            CommandRun help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: ipsync " + command);
        }
    }

    @Test
    void eachCommandIsListedUnderTheNameItsAnnotationGives() {
        IpsyncCommand.subcommands().forEach((name, command) ->
                assertThat(command.getAnnotation(Command.class).name()).as(command.getName()).isEqualTo(name));
    }

    @Test
    void aRunOfOneCommandBuildsOnlyThatCommandAndHelpBuildsThemAll() {
        Set<String> all = IpsyncCommand.commandLine(InputStream.nullInputStream()).getSubcommands().keySet();

        assertThat(all).containsExactlyElementsOf(IpsyncCommand.subcommands().keySet());
        assertThat(IpsyncCommand.commandLine(InputStream.nullInputStream(), "put", "dir", "1").getSubcommands())
                .containsOnlyKeys("put");
        assertThat(IpsyncCommand.commandLine(InputStream.nullInputStream(), "dead", "list", "dir").getSubcommands())
                .containsOnlyKeys("dead");
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "put"}, {"-V"}, {"tkae"}, {"--", "put"}}) {
            assertThat(IpsyncCommand.commandLine(InputStream.nullInputStream(), args).getSubcommands().keySet())
                    .as(String.join(" ", args)).containsExactlyElementsOf(all);
        }
    }

    @Test
    void helpOfACommandIsTheSameWhateverElseIsBuilt() {
        for (String command : IpsyncCommand.subcommands().keySet()) {
            String alone = usage(IpsyncCommand.commandLine(InputStream.nullInputStream(), command).getSubcommands().get(command));
            String amongAll = usage(IpsyncCommand.commandLine(InputStream.nullInputStream()).getSubcommands().get(command));
            assertThat(alone).as(command).isEqualTo(amongAll);
        }
    }

    private static String usage(CommandLine command) {
        StringWriter text = new StringWriter();
        command.usage(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void versionIsTheProjectVersion() {
        CommandRun version = run("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.lines().get(0)).matches("ipsync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void badDurationIsAUsageErrorThatSaysWhatToWrite() {
        CommandRun take = run("take", queue.toString(), "--timeout", "5 parsecs");

        assertThat(take.exitCode()).isEqualTo(2);
        assertThat(take.err()).startsWith("ipsync take: Invalid value for option '--timeout': '5 parsecs' is not a duration")
                .contains("500ms", "PT5S")
                .contains("Try 'ipsync take --help'");
    }

    @Test
    void countBelowOneIsAUsageError() {
        CommandRun take = run("take", queue.toString(), "-n", "0");

        assertThat(take.exitCode()).isEqualTo(2);
        assertThat(take.err()).contains("-n must be at least 1 but was 0");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CommandRun unknown = run("tkae", queue.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("tkae").contains("Try 'ipsync --help'");
    }

    @Test
    void missingCommandIsAUsageError() {
        CommandRun none = run();

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing a command");
    }

    @Test
    void missingArgumentIsAUsageError() {
        CommandRun publish = run("publish", queue.resolve("file").toString());

        assertThat(publish.exitCode()).isEqualTo(2);
        assertThat(publish.err()).contains("Missing required parameter: 'JSON'");
    }

    @Test
    void failureIsOneLineWithoutStackTrace() {
        // A file where the queue's directory should be: the library refuses it.
        CommandRun put = run("put", queue.toString(), "1");
        CommandRun putUnderFile = run("put", queue.resolve(firstFile()).resolve("q").toString(), "1");

        assertThat(put.exitCode()).isZero();
        assertThat(putUnderFile.exitCode()).isEqualTo(3);
        assertThat(putUnderFile.err()).startsWith("ipsync put: ").hasLineCount(1).doesNotContain("\tat ");
    }

    private String firstFile() {
        try (var files = java.nio.file.Files.list(queue)) {
            return files.filter(p -> p.getFileName().toString().startsWith("q_")).findFirst().orElseThrow()
                    .getFileName().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
