package io.ipsync.listener;

import java.time.Duration;

/**
 * Where a listener container's threads take their work from: one per channel kind.
 *
 * @param <M> what one take returns
 */
interface MessageSource<M> {

    /** The channel's location, for failures and logs. */
    String location();

    /** Takes the next item, waiting at most the timeout; {@code null} when none came or {@link #wakeUp()} was called. */
    M poll(Duration timeout) throws InterruptedException;

    /** Gives back an item taken but not to be handled (the container is stopping or pausing). */
    void giveBack(M item);

    /** Makes every {@link #poll} in progress return promptly. */
    void wakeUp();
}
