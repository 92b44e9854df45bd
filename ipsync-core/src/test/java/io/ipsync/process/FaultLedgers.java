package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ledgers of a fault-injection run ({@link LedgerProducerMain}, {@link LedgerConsumerMain}),
 * read once every process is gone, and what they must show whatever was killed:
 * <ul>
 * <li>every put that returned was handled at least once (nothing lost);
 * <li>a message was begun more than once only where its first handling was cut short: every
 * {@code begin} without its {@code done} is either the last one of a consumer the test killed, or
 * followed by {@code handled} and {@code unsettled} (its consumer lost the server while it
 * acknowledged); no message was acknowledged twice;
 * <li>no handler saw a partial or corrupted message.
 * </ul>
 * A ledger belongs to one incarnation of a process: producers' names start with {@code P},
 * consumers' with {@code C}.
 */
public final class FaultLedgers {

    private final Set<String> puts = new HashSet<>();

    /** Consumer incarnation -> its lines, in order. */
    private final Map<String, List<String>> consumers = new HashMap<>();

    private final Set<String> killed;

    private FaultLedgers(Set<String> killed) {
        this.killed = Set.copyOf(killed);
    }

    /**
     * Reads every ledger in the folder.
     *
     * @param killed the incarnations the test killed
     */
    public static FaultLedgers read(Path ledgerDir, Set<String> killed) throws IOException {
        FaultLedgers ledgers = new FaultLedgers(killed);
        try (Stream<Path> files = Files.list(ledgerDir)) {
            for (Path file : files.toList()) {
                String incarnation = file.getFileName().toString();
                List<String> lines = LedgerFile.read(file);
                if (incarnation.startsWith("P")) {
                    lines.forEach(line -> ledgers.puts.add(line.substring("put ".length())));
                } else {
                    ledgers.consumers.put(incarnation, lines);
                }
            }
        }
        return ledgers;
    }

    /** The ids of the messages whose put returned. */
    public Set<String> puts() {
        return Set.copyOf(puts);
    }

    /** The ids of the messages some handler finished. */
    public Set<String> handledIds() {
        Set<String> handled = new HashSet<>();
        consumers.values().forEach(lines -> lines.stream().filter(line -> line.startsWith("handled "))
                .forEach(line -> handled.add(line.substring("handled ".length()))));
        return handled;
    }

    /** How many messages were begun more than once. */
    public long duplicates() {
        Map<String, Integer> begins = new HashMap<>();
        consumers.values().forEach(lines -> lines.stream().filter(line -> line.startsWith("begin "))
                .forEach(line -> begins.merge(line.split(" ")[1], 1, Integer::sum)));
        return begins.values().stream().filter(count -> count > 1).count();
    }

    /** How many times a handled message could not be acknowledged: its consumer lost the server. */
    public long unsettled() {
        return consumers.values().stream().flatMap(List::stream).filter(line -> line.startsWith("unsettled ")).count();
    }

    /** Asserts the rules of the class comment. */
    public void assertConsistent() {
        Map<String, Integer> dones = new HashMap<>();
        for (Map.Entry<String, List<String>> ledger : consumers.entrySet()) {
            String incarnation = ledger.getKey();
            List<String> lines = ledger.getValue();
            assertThat(lines).as("corrupt messages seen by " + incarnation).noneMatch(line -> line.startsWith("corrupt "));
            for (int i = 0; i < lines.size(); i++) {
                String[] line = lines.get(i).split(" ");
                if (line[0].equals("done")) {
                    dones.merge(line[1], 1, Integer::sum);
                }
                if (!line[0].equals("begin")) {
                    continue;
                }
                boolean last = i + 1 == lines.size() || i + 2 == lines.size();
                boolean handled = i + 2 < lines.size() && lines.get(i + 1).equals("handled " + line[1]);
                boolean finished = handled && lines.get(i + 2).equals("done " + line[1]);
                boolean unsettled = handled && lines.get(i + 2).equals("unsettled " + line[1]);
                if (!finished && !unsettled) {
                    assertThat(killed).as(incarnation + " left " + lines.get(i) + " unfinished, so it must have been killed")
                            .contains(incarnation);
                    assertThat(last).as(incarnation + " left " + lines.get(i) + " unfinished before its end: " + lines
                            .subList(i, Math.min(lines.size(), i + 5))).isTrue();
                }
            }
        }
        assertThat(dones).as("messages acknowledged more than once").allSatisfy((id, count) -> assertThat(count).isOne());
        Set<String> handled = handledIds();
        List<String> lost = puts.stream().filter(id -> !handled.contains(id)).sorted().toList();
        assertThat(lost).as("puts that returned but were never handled").isEmpty();
    }
}
