package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.FileSharing;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The file transport's own settings, split from {@link io.ipsync.QueueOptions} and the event options. */
class FileSettingsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        FileSettings defaults = FileSettings.DEFAULTS;
        assertThat(defaults.pollInterval()).isEqualTo(FileSettings.DEFAULT_POLL_INTERVAL).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.staleTempFileAge()).isEqualTo(FileSettings.DEFAULT_STALE_TEMP_FILE_AGE)
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.createDirectory()).isTrue();
        assertThat(defaults.deadLetterDirectory()).isNull();
        assertThat(defaults.syncWrites()).isFalse();
        assertThat(defaults.sharing()).isEqualTo(FileSharing.PRIVATE);
    }

    @Test
    void toBuilderStartsFromTheseSettings() {
        FileSettings settings = FileSettings.builder()
                .deadLetterDirectory(Path.of("/tmp/dead"))
                .syncWrites(true)
                .build();
        FileSettings changed = settings.toBuilder().pollInterval(Duration.ofMillis(10)).build();
        assertThat(changed.deadLetterDirectory()).isEqualTo(Path.of("/tmp/dead"));
        assertThat(changed.syncWrites()).isTrue();
        assertThat(changed.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(settings.pollInterval()).as("the original is unchanged").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidValuesAreRefusedNamingTheSetting() {
        FileSettings.Builder builder = FileSettings.builder();
        assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO)).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> builder.staleTempFileAge(Duration.ZERO)).hasMessageContaining("staleTempFileAge");
        assertThatThrownBy(() -> builder.sharing(null)).isInstanceOf(NullPointerException.class);
    }
}
