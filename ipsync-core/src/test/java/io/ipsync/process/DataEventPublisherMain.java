package io.ipsync.process;

import io.ipsync.JsonDataEvent;
import io.ipsync.testing.ParentPipe;

/**
 * A publisher process: publishes {@link Reading}s with sequence numbers {@code 1 .. count} to a
 * {@link JsonDataEvent}, as fast as it can.
 *
 * <p>Usage: {@code DataEventPublisherMain <data event file> <count>}
 *
 * <p>Reports {@code ready <pid>} once the event is open and {@code published <count> <pid>} when done.
 */
public final class DataEventPublisherMain {

    private DataEventPublisherMain() {
    }

    public static void main(String[] args) {
        ParentPipe parent = ParentPipe.connect();
        ChildArguments arguments = new ChildArguments(args);
        int count = arguments.integer(1, "count");
        arguments.requireAllRead();
        try (JsonDataEvent event = JsonDataEvent.open(arguments.path(0, "data event file"))) {
            parent.report("ready " + parent.pid());
            for (int sequence = 1; sequence <= count; sequence++) {
                event.signal(new Reading(sequence, parent.pid(), "reading " + sequence + " of " + count));
            }
        }
        parent.report("published " + count + " " + parent.pid());
    }

    /**
     * One published value.
     *
     * @param sequence counts from 1
     * @param publisherPid the publishing process
     * @param text some text, so that a torn write would show
     */
    public record Reading(long sequence, long publisherPid, String text) {
    }
}
