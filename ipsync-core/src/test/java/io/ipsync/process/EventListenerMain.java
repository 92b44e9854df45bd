package io.ipsync.process;

import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.testing.ParentPipe;
import java.time.Duration;

/**
 * A listener process: opens its own {@link Event} on a file (only signals after opening count)
 * and reports every wake-up.
 *
 * <pre>
 * ready &lt;pid&gt;              the event is open: every later signal wakes it
 * woke &lt;n&gt; &lt;pid&gt;           the n-th wake-up, counting from 1
 * done &lt;wake-ups&gt; &lt;pid&gt;     the event was closed; the process ends
 * </pre>
 *
 * <p>Usage: {@code EventListenerMain <event file> [--stopAfterWakeUps=0]} (0: until the test
 * sends {@code stop}).
 */
public final class EventListenerMain {

    /** How long one wait lasts before the listener looks whether it was told to stop. */
    private static final Duration STOP_CHECK = Duration.ofMillis(500);

    private static volatile boolean stopRequested;

    private EventListenerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentPipe parent = ParentPipe.connect();
        ChildArguments arguments = new ChildArguments(args);
        int stopAfterWakeUps = arguments.integer("stopAfterWakeUps", 0);
        arguments.requireAllRead();
        int wakeUps = 0;
        try (Event event = Event.open(arguments.path(0, "event file"), EventOptions.builder().fireOnInit(false).build())) {
            parent.onCommand("stop", () -> {
                stopRequested = true;
                event.cancelWait();
            });
            parent.report("ready " + parent.pid());
            while (!stopRequested && (stopAfterWakeUps == 0 || wakeUps < stopAfterWakeUps)) {
                if (event.await(STOP_CHECK)) {
                    parent.report("woke " + ++wakeUps + " " + parent.pid());
                }
            }
        }
        parent.report("done " + wakeUps + " " + parent.pid());
    }
}
