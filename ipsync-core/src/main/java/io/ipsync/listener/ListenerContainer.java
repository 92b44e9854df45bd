package io.ipsync.listener;

/**
 * Runs a listener for one channel on background threads.
 *
 * <p>Lifecycle: {@link #start()} starts the threads; {@link #pause()} lets handling in progress
 * finish and takes nothing new until {@link #resume()}; {@link #stop()} takes nothing new, lets
 * handling in progress finish within the container's shutdown timeout, gives back what was taken
 * and not handled, and ends the threads. A stopped container can be started again. All methods
 * are thread-safe.
 */
public interface ListenerContainer {

    /** The container's id, unique within the application by convention; names its threads. */
    String id();

    /** Starts the threads; does nothing if running. */
    void start();

    /**
     * Stops the threads: nothing new is taken, handling in progress gets until the shutdown
     * timeout to finish, after which its threads are interrupted. Returns once every thread has
     * ended, or a short grace period after the interruption, at the latest. Called by one of the
     * container's own listeners, it does not wait for that listener's thread, which ends once the
     * listener returns. Called while another stop still waits for the threads, it waits for
     * them too (as long at most), unless one of the container's own listeners calls it; otherwise
     * does nothing if not running.
     */
    void stop();

    /** Whether the container was started and not stopped. */
    boolean isRunning();

    /** Takes nothing new until {@link #resume()}; handling in progress finishes. */
    void pause();

    /** Takes messages again after {@link #pause()}. */
    void resume();

    /** Whether the container is paused. */
    boolean isPaused();
}
