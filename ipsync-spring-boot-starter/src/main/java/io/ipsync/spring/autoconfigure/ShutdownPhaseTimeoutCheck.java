package io.ipsync.spring.autoconfigure;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Warns at startup when stopping the listeners may take longer than Spring waits for one lifecycle
 * phase. Spring then stops the rest of the application (a web server, for instance) while ipsync
 * handlers still run, and destroying the listener registry waits for them after all; nothing is
 * lost, but shutdown is not in the order the application expects. Startup goes on either way.
 */
final class ShutdownPhaseTimeoutCheck {

    static final String PHASE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    static final String SHUTDOWN_TIMEOUT_PROPERTY = "ipsync.shutdown-timeout";

    /** Spring Boot's value of {@link #PHASE_TIMEOUT_PROPERTY} when it is not set. */
    static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long core's listener containers give handlers after interrupting them (the container's
     * interrupt grace, which core does not publish); a stop takes the shutdown timeout plus this.
     */
    static final Duration LISTENER_INTERRUPT_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ShutdownPhaseTimeoutCheck.class);

    private ShutdownPhaseTimeoutCheck() {
    }

    /** Logs a warning if {@link #PHASE_TIMEOUT_PROPERTY}, set or by default, is shorter than a listener stop. */
    static void warnIfPhaseIsShorter(Binder binder, Duration shutdownTimeout) {
        problem(binder, shutdownTimeout).ifPresent(log::warn);
    }

    /**
     * The warning, if the phase timeout (Boot's default where unset) is shorter than the shutdown
     * timeout plus the grace.
     */
    static Optional<String> problem(Binder binder, Duration shutdownTimeout) {
        Duration phase = binder.bind(PHASE_TIMEOUT_PROPERTY, Duration.class).orElse(DEFAULT_PHASE_TIMEOUT);
        Duration longestStop = shutdownTimeout.plus(LISTENER_INTERRUPT_GRACE);
        if (phase.compareTo(longestStop) >= 0) {
            return Optional.empty();
        }
        return Optional.of(SHUTDOWN_TIMEOUT_PROPERTY + " (" + describe(shutdownTimeout) + ") plus the "
                + describe(LISTENER_INTERRUPT_GRACE) + " that interrupted listeners get is longer than "
                + PHASE_TIMEOUT_PROPERTY + " (" + describe(phase) + "): on shutdown Spring may stop the rest of the"
                + " application while ipsync listeners still handle messages. Set " + PHASE_TIMEOUT_PROPERTY
                + " to at least " + describe(longestStop) + " or lower " + SHUTDOWN_TIMEOUT_PROPERTY + ".");
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
