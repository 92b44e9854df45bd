package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryFileNameTest {

    @Test
    void formatsDueTimeAsThirteenDigitsSoThatNamesSortByDueTime() {
        assertThat(new RetryFileName(1_700_000_000_000L, 2, "q_1_x").format()).isEqualTo("1700000000000-2-q_1_x");
        assertThat(new RetryFileName(5, 1, "q_1_x").format()).isEqualTo("0000000000005-1-q_1_x");
        assertThat(new RetryFileName(5, 1, "q_9_x").format()).isLessThan(new RetryFileName(6, 1, "q_1_x").format());
    }

    @Test
    void parsesWhatItFormats() {
        RetryFileName retry = new RetryFileName(1_700_000_000_000L, 12, "q_0000000000000000001_abc-def");
        assertThat(RetryFileName.parse(retry.format())).isEqualTo(retry);
    }

    @Test
    void aMessagePutForLaterHasNoAttemptsMade() {
        assertThat(RetryFileName.parse("0001700000000000-0-q_1_x")).isEqualTo(new RetryFileName(1_700_000_000_000L, 0, "q_1_x"));
    }

    @Test
    void namesOfOtherFormsAreNotParsed() {
        assertThat(RetryFileName.parse("q_1_x")).isNull();
        assertThat(RetryFileName.parse("abc-1-q_1_x")).isNull();
        assertThat(RetryFileName.parse("1-x-q_1_x")).isNull();
        assertThat(RetryFileName.parse("1--1-q_1_x")).as("attempts are not negative").isNull();
        assertThat(RetryFileName.parse("1-1-")).isNull();
        assertThat(RetryFileName.parse("-1-1-q")).isNull();
        assertThat(RetryFileName.parse("1--q")).isNull();
    }
}
