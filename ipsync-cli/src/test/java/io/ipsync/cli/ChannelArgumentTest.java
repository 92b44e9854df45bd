package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every command that takes a directory or file takes an address too: {@code file://} URIs as
 * paths, other transports' URIs passed through, file options refused for them, and a password
 * never printed.
 */
class ChannelArgumentTest {

    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    Path temp;

    @Test
    void fileUrisReachTheSameChannelsAsPaths() throws Exception {
        Path queue = temp.resolve("orders");
        Path event = temp.resolve("reload");
        Path value = temp.resolve("price.json");

        assertThat(run("put", queue.toUri().toString(), "{\"id\":1}", "2").exitCode()).isZero();
        assertThat(run("stat", "--json", queue.toUri().toString()).out()).contains("\"waiting\":2");
        assertThat(run("take", queue.toUri().toString(), "-n", "1", "--timeout", "5s").out()).isEqualTo("{\"id\":1}\n");
        assertThat(QueueContents.drain(queue)).containsExactly("2");

        assertThat(run("signal", event.toUri().toString()).exitCode()).isZero();
        CommandRun wait = run("wait", event.toUri().toString(), "--fire-on-init", "-n", "1", "--timeout", "5s");
        assertThat(wait.exitCode()).isZero();
        assertThat(wait.out()).isEqualTo("signalled\n");

        assertThat(run("publish", value.toUri().toString(), "{\"eur\":1.10}").exitCode()).isZero();
        assertThat(Files.readString(value)).isEqualTo("{\"eur\":1.10}");
        assertThat(run("watch", value.toUri().toString(), "--fire-on-init", "-n", "1", "--timeout", "5s").out())
                .isEqualTo("{\"eur\":1.10}\n");
    }

    @Test
    void anAddressOfASchemeNoTransportReadsIsAUsageErrorThatHidesThePassword() {
        String address = "kafka://app:" + PASSWORD + "@broker.example:9092/orders";
        for (List<String> command : commandsOn(address)) {
            CommandRun run = run(command.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", command))
                    .contains("No installed transport reads kafka://")
                    .doesNotContain(PASSWORD);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void addressThatIsNotAValidUriIsAUsageErrorThatHidesThePassword() {
        CommandRun stat = run("stat", "redis://app:pass word@cache.example:6379/orders");

        assertThat(stat.exitCode()).isEqualTo(2);
        assertThat(stat.err()).contains("Not a valid channel address").doesNotContain("pass word").doesNotContain("word@");
    }

    @Test
    void addressThatATransportRefusesIsAUsageErrorThatHidesThePassword() {
        CommandRun put = run("put", "relay://app:" + PASSWORD + "@relay.example", "1");

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).contains("A relay address needs an absolute path").doesNotContain(PASSWORD);
    }

    @Test
    void unexpectedArgumentIsQuotedWithoutItsPassword() {
        CommandRun stat = run("stat", temp.toString(), "redis://app:" + PASSWORD + "@cache.example/orders");

        assertThat(stat.exitCode()).isEqualTo(2);
        assertThat(stat.err()).contains("Unmatched argument").contains("redis://***@cache.example/orders")
                .doesNotContain(PASSWORD);
    }

    @Test
    void fileOptionsWithAnAddressOfAnotherTransportAreUsageErrorsNamingTheOption() throws Exception {
        String address = RelayTransport.address(temp.resolve("channel"));
        List<List<String>> refused = List.of(
                List.of("put", "--sync", address, "1"),
                List.of("put", "--group", address, "1"),
                List.of("take", "--group", address, "--timeout", "0"),
                List.of("stat", "--group", address),
                List.of("signal", "--sync", address),
                List.of("wait", "--group", address, "--timeout", "0"),
                List.of("publish", "--sync", address, "1"),
                List.of("watch", "--group", address, "--timeout", "0"),
                List.of("move", "--sync", temp.resolve("from").toString(), address),
                List.of("move", "--group", address, RelayTransport.address(temp.resolve("other"))));
        Path from = temp.resolve("from");
        assertThat(run("put", from.toString(), "1").exitCode()).isZero();

        for (List<String> command : refused) {
            CommandRun run = run(command.toArray(String[]::new));
            String option = command.get(1);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", command))
                    .contains(option + " applies to files only, and relay:" + temp.resolve(command.get(0).equals("move")
                            && option.equals("--group") ? "other" : "channel") + " is a relay channel")
                    .doesNotContain(PASSWORD);
        }
        assertThat(temp.resolve("channel")).doesNotExist();
        assertThat(QueueContents.drain(from)).containsExactly("1");
    }

    @Test
    void addressOfAnotherTransportIsPassedThroughAndStatShowsItsLocationWithoutThePassword() throws Exception {
        Path directory = temp.resolve("relayed");
        String address = RelayTransport.address(directory);

        assertThat(run("put", address, "{\"id\":1}", "[2]").exitCode()).isZero();
        CommandRun stat = run("stat", address);
        CommandRun json = run("stat", "--json", address);
        CommandRun take = run("take", address, "-n", "2", "--timeout", "5s");

        assertThat(stat.exitCode()).isZero();
        assertThat(stat.lines().get(0)).isEqualTo("queue             " + directory);
        assertThat(stat.lines().get(1)).isEqualTo("waiting           2");
        assertThat(stat.out()).doesNotContain(PASSWORD);
        JsonNode counters = JsonMapper.builder().build().readTree(json.out());
        assertThat(counters.get("queue").asString()).isEqualTo(directory.toString());
        assertThat(counters.get("transport").asString()).isEqualTo("relay");
        assertThat(take.lines()).containsExactly("{\"id\":1}", "[2]");
    }

    @Test
    void failureOnAnAddressNamesItsLocationWithoutThePassword() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");

        CommandRun stat = run("stat", RelayTransport.address(file));

        assertThat(stat.exitCode()).isEqualTo(3);
        assertThat(stat.err()).startsWith("ipsync stat: ").contains(file.toString()).doesNotContain(PASSWORD)
                .hasLineCount(1);
    }

    @Test
    void emptyArgumentIsAUsageError() {
        CommandRun put = run("put", "", "1");

        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err()).contains("an empty path or address");
    }

    @Test
    void helpOfEachCommandSaysItsArgumentMayBeAnAddress() {
        for (String command : new String[] {"put", "take", "stat", "move", "signal", "wait", "publish", "watch"}) {
            String help = run(command, "--help").out();
            assertThat(help).as(command).contains("address").contains("redis://host:6379/");
        }
    }

    /** Every command, with the address where it takes a directory or file. */
    private List<List<String>> commandsOn(String address) {
        String queue = temp.resolve("queue").toString();
        return List.of(
                List.of("put", address, "1"),
                List.of("take", address, "--timeout", "0"),
                List.of("stat", address),
                List.of("signal", address),
                List.of("wait", address, "--timeout", "0"),
                List.of("publish", address, "1"),
                List.of("watch", address, "--timeout", "0"),
                List.of("move", queue, address),
                List.of("move", address, queue));
    }
}
