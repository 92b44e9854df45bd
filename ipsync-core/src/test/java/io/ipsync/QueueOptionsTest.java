package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The options every transport honours; the file transport's own are in {@link io.ipsync.file.FileSettingsTest}. */
class QueueOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        QueueOptions defaults = QueueOptions.DEFAULTS;
        assertThat(defaults.maxAttempts()).isEqualTo(QueueOptions.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
        assertThat(defaults.backOff()).isEqualTo(BackOff.DEFAULT);
        assertThat(defaults.reclaimInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.maxMessageSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(defaults.observer()).isSameAs(QueueObserver.NONE);
    }

    @Test
    void toBuilderStartsFromTheseOptions() {
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(7)
                .backOff(BackOff.none())
                .maxMessageSize(1024)
                .build();
        QueueOptions changed = options.toBuilder().reclaimInterval(Duration.ofMillis(10)).build();
        assertThat(changed.maxAttempts()).isEqualTo(7);
        assertThat(changed.backOff()).isEqualTo(BackOff.none());
        assertThat(changed.maxMessageSize()).isEqualTo(1024);
        assertThat(changed.reclaimInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(options.reclaimInterval()).as("the original is unchanged").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidValuesAreRefusedNamingTheOption() {
        QueueOptions.Builder builder = QueueOptions.builder();
        assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessageContaining("maxAttempts").hasMessageContaining("0");
        assertThatThrownBy(() -> builder.reclaimInterval(Duration.ofSeconds(-1))).hasMessageContaining("reclaimInterval");
        assertThatThrownBy(() -> builder.maxMessageSize(0)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> builder.maxMessageSize(Integer.MAX_VALUE)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> builder.backOff(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DataEventOptions.builder().maxValueSize(0)).hasMessageContaining("maxValueSize");
    }
}
