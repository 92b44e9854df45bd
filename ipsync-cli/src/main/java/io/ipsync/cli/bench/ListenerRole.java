package io.ipsync.cli.bench;

import io.ipsync.Event;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An event listener child: opens the event with default options, tells the bench {@code ready},
 * and for every wake-up tells it {@code woke <epoch nanos>}, read just after {@code await}
 * returned. Runs until the bench ends its input.
 */
final class ListenerRole {

    static final String NAME = "listen";

    /** How long one wait lasts: the end of the input is noticed within this (see {@link ParentLink}). */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private ListenerRole() {
    }

    static void run(Path eventFile) throws InterruptedException {
        try (Event event = Event.open(eventFile)) {
            ParentLink link = ParentLink.connect(System.in, event::cancelWait);
            link.tell("ready");
            while (!link.hasEnded()) {
                if (event.await(LONGEST_WAIT)) {
                    link.tell("woke " + EpochNanos.now());
                }
            }
        }
    }
}
