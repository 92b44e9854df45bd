package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one line {@code move} prints: what moved, and what is left in FROM that needs a look. */
class MoveSummaryTest {

    private static final QueueStats EMPTY = new QueueStats(0, null, 0, 0, 0);

    @Test
    void saysWhatMovedAndWhatWasThereAlready() {
        assertThat(MoveCommand.summary(new QueueMove.Result(1, 2, 1), EMPTY, "/a", "redis:orders"))
                .isEqualTo("moved 1 message and 2 dead letters from /a to redis:orders"
                        + " (1 was there already, put by an interrupted move)");
    }

    @Test
    void namesWhatIsLeftInTheSource() {
        QueueStats left = new QueueStats(3, Duration.ofSeconds(1), 1, 2, 1);

        assertThat(MoveCommand.summary(new QueueMove.Result(0, 0, 0), left, "/a", "/b"))
                .isEqualTo("moved 0 messages from /a to /b; left in /a: 3 waiting, 1 in flight, 2 retries not due yet,"
                        + " 1 dead letter");
    }
}
