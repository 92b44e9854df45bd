package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ipsync move} from a directory to a queue of another transport, given by its URI. */
class MoveToAnotherTransportTest extends MoveCommandTests {

    /** The relay transport keeps its queue in a directory: the same queue under two names, which no check of the names sees. */
    @Test
    void moveIntoTheSameQueueUnderAnotherNameStopsAfterOneRound() throws Exception {
        Path directory = temp.resolve("queue");
        try (QueueAt queue = QueueAt.open(directory.toString())) {
            queue.put("1");
            queue.put("2");
        }

        // Waiting for next messages, the move is sure to meet the copies it put.
        CommandRun move = run("move", directory.toString(), RelayTransport.address(directory), "--timeout", "30s");

        assertThat(move.exitCode()).isEqualTo(3);
        assertThat(move.err()).contains("is the same queue under another name").hasLineCount(1);
        try (QueueAt queue = QueueAt.open(directory.toString())) {
            assertThat(queue.drain()).extracting(QueueAt.Message::text).containsExactly("1", "2");
        }
    }

    @Override
    String newSource(String name) {
        return temp.resolve("source").resolve(name).toString();
    }

    @Override
    String newTarget(String name) {
        return RelayTransport.address(temp.resolve("target").resolve(name));
    }
}
