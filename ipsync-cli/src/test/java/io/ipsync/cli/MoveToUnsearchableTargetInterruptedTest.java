package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A move into a queue of a transport that a move cannot search for copies (any but files, until
 * the transport seam lets a queue be read without taking), killed after a put and run again:
 * nothing is lost, the message in hand is put twice, and the second run says so.
 */
class MoveToUnsearchableTargetInterruptedTest {

    @TempDir
    Path temp;

    @Test
    void messageInHandWhenKilledIsPutAgainWithAWarningAndNothingIsLost() throws Exception {
        String from = temp.resolve("from").toString();
        String to = RelayTransport.address(temp.resolve("to"));
        MoveInterruptedTests.fill(from);

        MoveInterruptedTests.killAt(MoveCheckpoint.Step.PUT, 3, "move", from, to);
        CommandRun again = run("move", from, to);

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("moved 4 messages from ");
        assertThat(again.err()).startsWith("ipsync move: q_").contains("came back from a consumer that stopped while "
                + "holding it (attempt 2)").contains("cannot be searched").hasLineCount(1);
        try (QueueAt target = QueueAt.open(to)) {
            List<String> texts = target.drain().stream().map(QueueAt.Message::text).toList();
            assertThat(texts).containsExactly("{\"seq\":0}", "{\"seq\":1}", "{\"seq\":2}", "{\"seq\":2}", "{\"seq\":3}",
                    "{\"seq\":4}", "{\"seq\":5}");
        }
    }
}
