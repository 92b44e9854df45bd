package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackOffTest {

    @Test
    void delayStartsAtTheInitialIntervalAndGrowsByTheMultiplierUpToTheMaximum() {
        BackOff backOff = new BackOff(Duration.ofSeconds(1), 3.0, Duration.ofSeconds(20));
        assertThat(backOff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.delayAfter(2)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backOff.delayAfter(3)).isEqualTo(Duration.ofSeconds(9));
        assertThat(backOff.delayAfter(4)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backOff.delayAfter(1_000)).as("no overflow after many failures").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void defaultIsOneSecondDoublingUpToAMinute() {
        assertThat(BackOff.DEFAULT.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BackOff.DEFAULT.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(BackOff.DEFAULT.delayAfter(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(BackOff.DEFAULT.delayAfter(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(QueueOptions.DEFAULTS.backOff()).isEqualTo(BackOff.DEFAULT);
    }

    @Test
    void fixedAndNoneKeepTheSameDelay() {
        BackOff fixed = BackOff.fixed(Duration.ofMillis(250));
        assertThat(fixed.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(fixed.delayAfter(50)).isEqualTo(Duration.ofMillis(250));
        assertThat(BackOff.none().delayAfter(1)).isZero();
        assertThat(BackOff.none().delayAfter(9)).isZero();
    }

    @Test
    void invalidSettingsAreRefusedWithWhatWasGiven() {
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(-1), 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialInterval").hasMessageContaining("-1");
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier").hasMessageContaining("0.5");
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(1), Double.POSITIVE_INFINITY, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInterval");
        assertThatThrownBy(() -> new BackOff(null, 2, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BackOff.DEFAULT.delayAfter(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failedAttempts");
    }
}
