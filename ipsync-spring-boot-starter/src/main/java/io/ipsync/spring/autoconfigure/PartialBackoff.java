package io.ipsync.spring.autoconfigure;

import java.time.Duration;

/**
 * A queue's own back-off; each field left unset takes the value of 'ipsync.backoff.*'.
 */
public class PartialBackoff {

    /**
     * Delay after the first failed attempt.
     */
    private Duration initialInterval;

    /**
     * Factor applied to the delay after each further failure.
     */
    private Double multiplier;

    /**
     * Longest delay between attempts.
     */
    private Duration maxInterval;

    public Duration getInitialInterval() {
        return initialInterval;
    }

    public void setInitialInterval(Duration initialInterval) {
        this.initialInterval = initialInterval;
    }

    public Double getMultiplier() {
        return multiplier;
    }

    public void setMultiplier(Double multiplier) {
        this.multiplier = multiplier;
    }

    public Duration getMaxInterval() {
        return maxInterval;
    }

    public void setMaxInterval(Duration maxInterval) {
        this.maxInterval = maxInterval;
    }
}
