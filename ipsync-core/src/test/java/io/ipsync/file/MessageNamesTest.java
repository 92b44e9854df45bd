package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageNamesTest {

    private static final String PRODUCER = "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf";

    @Test
    void messageNameHasNineteenDigitsOfNanosAndTheProducer() {
        assertThat(MessageNames.message(1_700_000_000_123_456_789L, PRODUCER))
                .isEqualTo("q_1700000000123456789_" + PRODUCER);
        assertThat(MessageNames.message(42, PRODUCER)).as("zero-padded so that names sort by time")
                .isEqualTo("q_0000000000000000042_" + PRODUCER);
    }

    @Test
    void namesSortOldestFirstAcrossProducers() {
        String older = MessageNames.message(999_999_999_999_999_999L, "zzzz");
        String younger = MessageNames.message(1_000_000_000_000_000_000L, "AAAA");
        assertThat(older).isLessThan(younger);
    }

    @Test
    void temporaryNameIsWhatPythonProducersWriteFirst() {
        String name = MessageNames.message(5, PRODUCER);
        assertThat(MessageNames.temporary(name)).isEqualTo("tmp_" + name + ".tmp");
        assertThat(MessageNames.isTemporary(MessageNames.temporary(name))).isTrue();
        assertThat(MessageNames.isMessage(MessageNames.temporary(name))).isFalse();
    }

    @Test
    void anythingStartingWithQUnderscoreIsAMessageAsForPythonConsumers() {
        assertThat(MessageNames.isMessage("q_1_x")).isTrue();
        assertThat(MessageNames.isMessage("q_")).isTrue();
        assertThat(MessageNames.isMessage("q_123_folder")).isTrue();
        assertThat(MessageNames.isMessage(".ipsync")).isFalse();
        assertThat(MessageNames.isMessage("Q_1_x")).isFalse();
        assertThat(MessageNames.isMessage("readme.txt")).isFalse();
    }

    @Test
    void timestampAndProducerAreReadBackFromTheName() {
        String name = MessageNames.message(1_700_000_000_123_456_789L, PRODUCER);
        assertThat(MessageNames.timestamp(name)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
        assertThat(MessageNames.producer(name)).isEqualTo(PRODUCER);
    }

    @Test
    void namesOfOtherFormsHaveNoTimestampOrProducer() {
        assertThat(MessageNames.timestamp("q_abc_x")).isNull();
        assertThat(MessageNames.timestamp("q__x")).isNull();
        assertThat(MessageNames.timestamp("q_12345678901234567890_x")).as("more than 19 digits").isNull();
        assertThat(MessageNames.timestamp("q_123")).isNull();
        assertThat(MessageNames.timestamp("x_123_y")).isNull();
        assertThat(MessageNames.producer("q_123_")).isNull();
        assertThat(MessageNames.producer("q_abc_x")).isNull();
        assertThat(MessageNames.producer("q_123_folder")).isEqualTo("folder");
    }
}
