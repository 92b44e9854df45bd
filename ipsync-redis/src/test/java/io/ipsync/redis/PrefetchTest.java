package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much a consumer takes ahead, and what it hands out of it. */
class PrefetchTest {

    private final HeldClaims held = new HeldClaims("orders");

    private final Prefetch prefetch = new Prefetch(held, 32);

    @Test
    void aFreshConsumerAsksForWhatItsCallerAsksFor() {
        assertThat(prefetch.amountFor(1)).isEqualTo(1);
        assertThat(prefetch.amountFor(10)).isEqualTo(10);
    }

    @Test
    void theAmountDoublesWhileEveryTakeFindsAllItAskedForUpToTheMost() {
        List<Integer> asked = new ArrayList<>();
        int next = 0;
        for (int take = 0; take < 8; take++) {
            int amount = prefetch.amountFor(1);
            asked.add(amount);
            List<QueueScripts.Entry> handedOut = prefetch.keepBeyond(1, amount, entries(next, amount));
            next += amount;
            assertThat(handedOut).hasSize(1);
            assertThat(prefetch.handOut(amount).entries()).hasSize(amount - 1); // the rest, before the next take
        }
        assertThat(asked).containsExactly(1, 2, 4, 8, 16, 32, 32, 32);
    }

    @Test
    void aTakeThatFindsFewerThanItAskedForStartsAgainFromWhatIsAsked() {
        prefetch.keepBeyond(1, 1, entries(0, 1));
        prefetch.keepBeyond(1, 2, entries(1, 2));
        assertThat(prefetch.amountFor(1)).isEqualTo(4);

        prefetch.keepBeyond(1, 4, entries(3, 3));

        assertThat(prefetch.amountFor(1)).isEqualTo(1);
    }

    @Test
    void whatIsTakenAheadIsHeldAndHandedOutOnceInOrder() {
        List<QueueScripts.Entry> handedOut = prefetch.keepBeyond(2, 5, entries(0, 5));

        assertThat(handedOut).extracting(QueueScripts.Entry::id).containsExactly("0-1", "1-1");
        assertThat(held.size()).as("the three taken ahead").isEqualTo(3);
        assertThat(prefetch.handOut(2).entries()).extracting(QueueScripts.Entry::id).containsExactly("2-1", "3-1");
        assertThat(prefetch.handOut(2).entries()).extracting(QueueScripts.Entry::id).containsExactly("4-1");
        assertThat(prefetch.handOut(2).entries()).isEmpty();
    }

    @Test
    void aMessageTakenAheadThatIsNoLongerHeldIsNeverHandedOut() {
        prefetch.keepBeyond(1, 4, entries(0, 4));
        held.takeForSettling(new HeldClaims.Held("2-1", 1)); // as a renewal that found it lost

        assertThat(prefetch.handOut(10).entries()).extracting(QueueScripts.Entry::id).containsExactly("1-1", "3-1");
    }

    @Test
    void aMessageAnAcknowledgementTookOutOfTheServersRecordGoesOutFirstAndNeedsNoMoreStep() {
        prefetch.keepBeyond(1, 4, entries(0, 4));

        QueueScripts.Entry next = prefetch.next();
        assertThat(next.id()).isEqualTo("1-1");
        prefetch.recorded(next);

        Prefetch.HandOut handOut = prefetch.handOut(2);
        assertThat(handOut.entries()).extracting(QueueScripts.Entry::id).containsExactly("1-1", "2-1");
        assertThat(handOut.unrecorded()).extracting(QueueScripts.Entry::id).containsExactly("2-1");
    }

    @Test
    void aMessageWhoseAcknowledgementFailedGoesOutNextStillUnrecorded() {
        prefetch.keepBeyond(1, 4, entries(0, 4));

        prefetch.putBack(prefetch.next());

        Prefetch.HandOut handOut = prefetch.handOut(1);
        assertThat(handOut.entries()).extracting(QueueScripts.Entry::id).containsExactly("1-1");
        assertThat(handOut.unrecorded()).isEqualTo(handOut.entries());
    }

    @Test
    void aConsumerThatMayNotTakeAheadAsksForWhatItIsAskedFor() {
        Prefetch none = new Prefetch(held, 1);
        none.keepBeyond(1, 1, entries(0, 1));
        none.keepBeyond(1, 1, entries(1, 1));

        assertThat(none.amountFor(1)).isEqualTo(1);
        assertThat(none.amountFor(5)).isEqualTo(5);
    }

    private static List<QueueScripts.Entry> entries(int first, int count) {
        List<QueueScripts.Entry> entries = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            entries.add(new QueueScripts.Entry(i + "-1", 1, List.of()));
        }
        return entries;
    }
}
