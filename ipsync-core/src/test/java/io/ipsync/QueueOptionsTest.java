package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
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
        assertThat(defaults.notRetryable()).as("every failure but the always-final ones is retried").isEmpty();
    }

    @Test
    void notRetryableTypesAreKeptInOrderAndCarriedByToBuilder() {
        QueueOptions options = QueueOptions.builder()
                .notRetryable(IllegalArgumentException.class, UnsupportedOperationException.class)
                .build();
        assertThat(options.notRetryable())
                .containsExactly(IllegalArgumentException.class, UnsupportedOperationException.class);
        assertThat(options.toBuilder().maxAttempts(5).build().notRetryable()).isEqualTo(options.notRetryable());
        assertThat(options.toBuilder().notRetryable(List.of()).build().notRetryable()).as("replaced, not added to").isEmpty();
        assertThatThrownBy(() -> options.notRetryable().add(IllegalStateException.class))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(options.toString()).contains("notRetryable=[java.lang.IllegalArgumentException");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aNotRetryableTypeThatIsNotAThrowableIsRefused() {
        Set raw = Set.of(String.class);
        assertThatThrownBy(() -> QueueOptions.builder().notRetryable(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> QueueOptions.builder().notRetryable((Class<? extends Throwable>) null))
                .isInstanceOf(NullPointerException.class);
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
