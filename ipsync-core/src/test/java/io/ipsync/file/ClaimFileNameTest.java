package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimFileNameTest {

    @Test
    void carriesTheAttemptBeforeTheMessageName() {
        assertThat(new ClaimFileName(3, "q_1_x").format()).isEqualTo("3-q_1_x");
        assertThat(ClaimFileName.parse("3-q_1_x")).isEqualTo(new ClaimFileName(3, "q_1_x"));
        assertThat(ClaimFileName.parse("12-q_1_a-b")).isEqualTo(new ClaimFileName(12, "q_1_a-b"));
    }

    @Test
    void namesOfOtherFormsAreNotParsed() {
        assertThat(ClaimFileName.parse("q_1_x")).isNull();
        assertThat(ClaimFileName.parse("0-q_1_x")).isNull();
        assertThat(ClaimFileName.parse("x-q_1_x")).isNull();
        assertThat(ClaimFileName.parse("3-")).isNull();
        assertThat(ClaimFileName.parse("-q")).isNull();
        assertThat(ClaimFileName.parse("1234567890-q")).as("more digits than an attempt count can have").isNull();
    }
}
