package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        QueueOptions defaults = QueueOptions.DEFAULTS;
        assertThat(defaults.pollInterval()).isEqualTo(QueueOptions.DEFAULT_POLL_INTERVAL).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maxAttempts()).isEqualTo(QueueOptions.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
        assertThat(defaults.backOff()).isEqualTo(BackOff.DEFAULT);
        assertThat(defaults.reclaimInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.maxMessageSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(defaults.createDirectory()).isTrue();
        assertThat(defaults.deadLetterDirectory()).isNull();
        assertThat(defaults.observer()).isSameAs(QueueObserver.NONE);
    }

    @Test
    void toBuilderStartsFromTheseOptions() {
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(7)
                .backOff(BackOff.none())
                .deadLetterDirectory(Path.of("/tmp/dead"))
                .build();
        QueueOptions changed = options.toBuilder().pollInterval(Duration.ofMillis(10)).build();
        assertThat(changed.maxAttempts()).isEqualTo(7);
        assertThat(changed.backOff()).isEqualTo(BackOff.none());
        assertThat(changed.deadLetterDirectory()).isEqualTo(Path.of("/tmp/dead"));
        assertThat(changed.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(options.pollInterval()).as("the original is unchanged").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidValuesAreRefusedNamingTheOption() {
        QueueOptions.Builder builder = QueueOptions.builder();
        assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessageContaining("maxAttempts").hasMessageContaining("0");
        assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO)).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> builder.reclaimInterval(Duration.ofSeconds(-1))).hasMessageContaining("reclaimInterval");
        assertThatThrownBy(() -> builder.maxMessageSize(0)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> builder.maxMessageSize(Integer.MAX_VALUE)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> builder.staleTempFileAge(Duration.ZERO)).hasMessageContaining("staleTempFileAge");
        assertThatThrownBy(() -> builder.backOff(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EventOptions.builder().pollInterval(Duration.ZERO)).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> DataEventOptions.builder().maxValueSize(0)).hasMessageContaining("maxValueSize");
    }
}
