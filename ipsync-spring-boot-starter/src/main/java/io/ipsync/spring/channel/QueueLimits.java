package io.ipsync.spring.channel;

import io.ipsync.QueueOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * A queue's bounds in size and time: see {@link QueueOptions#timeToLive()},
 * {@link QueueOptions#maxBacklog()} and {@link QueueOptions#putTimeout()}.
 *
 * @param timeToLive how long a message may wait before it expires, or {@code null} for ever
 * @param maxBacklog the most messages waiting before a put waits for room; 0 for no bound
 * @param putTimeout how long a put waits for room in a full queue; zero fails at once
 */
public record QueueLimits(Duration timeToLive, long maxBacklog, Duration putTimeout) {

    /** No expiry, no bound. */
    public static final QueueLimits NONE = new QueueLimits(null, QueueOptions.UNBOUNDED, Duration.ZERO);

    public QueueLimits {
        Objects.requireNonNull(putTimeout, "putTimeout");
    }

    /** These limits set on {@code options}. */
    QueueOptions.Builder applyTo(QueueOptions.Builder options) {
        return options.timeToLive(timeToLive).maxBacklog(maxBacklog).putTimeout(putTimeout);
    }
}
