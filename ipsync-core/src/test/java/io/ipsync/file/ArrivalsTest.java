package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    private static final long A_MINUTE = Duration.ofMinutes(1).toNanos();

    private final Arrivals arrivals = new Arrivals();

    @Test
    void nothingIsKnownBeforeTheFirstCompleteListing() {
        arrivals.changed(List.of("q_1_a"));

        assertThat(arrivals.isComplete()).isFalse();
    }

    @Test
    void afterACompleteListingArrivalsAreHandedOutInTheOrderTheyCame() {
        arrivals.changed(List.of("q_0_before"));
        long begun = arrivals.listingBegins();
        arrivals.changed(List.of("q_2_b"));
        arrivals.listingEnded(begun, true, true, A_MINUTE);
        arrivals.changed(List.of("q_1_a", "q_3_c"));

        assertThat(arrivals.isComplete()).isTrue();
        assertThat(drain()).as("names heard of before the listing are in it; later ones in arrival order")
                .containsExactly("q_2_b", "q_1_a", "q_3_c");
        assertThat(arrivals.isComplete()).as("nothing arrived since: still complete, just empty").isTrue();
    }

    @Test
    void aListingCutShortByItsBatchSizeIsNotComplete() {
        arrivals.listingEnded(arrivals.listingBegins(), false, true, A_MINUTE);

        assertThat(arrivals.isComplete()).isFalse();
    }

    @Test
    void aListingOfADirectoryNotWatchedBeforeItBeganIsNotComplete() {
        arrivals.listingEnded(arrivals.listingBegins(), true, false, A_MINUTE);

        assertThat(arrivals.isComplete()).isFalse();
    }

    @Test
    void aLossWhileTheListingRanMakesItIncomplete() {
        long begun = arrivals.listingBegins();
        arrivals.lost();
        arrivals.listingEnded(begun, true, true, A_MINUTE);

        assertThat(arrivals.isComplete()).isFalse();
    }

    @Test
    void aLossAfterACompleteListingForgetsEverythingUntilTheNextListing() {
        arrivals.listingEnded(arrivals.listingBegins(), true, true, A_MINUTE);
        arrivals.changed(List.of("q_1_a"));
        arrivals.lost();

        assertThat(arrivals.isComplete()).isFalse();
        assertThat(arrivals.poll()).isNull();

        arrivals.listingEnded(arrivals.listingBegins(), true, true, A_MINUTE);
        assertThat(arrivals.isComplete()).isTrue();
    }

    @Test
    void moreNamesThanItKeepsCountAsALoss() {
        arrivals.listingEnded(arrivals.listingBegins(), true, true, A_MINUTE);
        arrivals.changed(Collections.nCopies(Arrivals.MAX_NAMES, "q_1_a"));
        assertThat(arrivals.isComplete()).isTrue();

        arrivals.changed(List.of("q_2_one_too_many"));

        assertThat(arrivals.isComplete()).isFalse();
        assertThat(arrivals.poll()).isNull();
    }

    @Test
    void aCallerThatDroppedListedNamesGetsTheDirectoryListedAgain() {
        arrivals.listingEnded(arrivals.listingBegins(), true, true, A_MINUTE);
        arrivals.changed(List.of("q_1_a"));

        arrivals.relist();

        assertThat(arrivals.isComplete()).isFalse();
        assertThat(arrivals.poll()).isNull();
    }

    @Test
    void completenessLastsNoLongerThanItsValidity() {
        arrivals.listingEnded(arrivals.listingBegins(), true, true, 0);

        assertThat(arrivals.isComplete()).as("the directory must be listed again").isFalse();
    }

    private List<String> drain() {
        List<String> names = new ArrayList<>();
        for (String name = arrivals.poll(); name != null; name = arrivals.poll()) {
            names.add(name);
        }
        return names;
    }
}
