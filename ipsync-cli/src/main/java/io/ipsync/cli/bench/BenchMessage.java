package io.ipsync.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * The message every bench producer puts: about 90 bytes of JSON, with the producer's clock
 * reading ({@link EpochNanos}) taken just before the put, from which consumers compute latency.
 * Public, as Jackson reads and writes it.
 *
 * @param seq the message's number in its producer's run, from 0
 * @param sentAt {@link EpochNanos#now()} just before the put
 * @param note padding that brings the message to the size of a typical small command
 */
public record BenchMessage(long seq, long sentAt, String note) {

    /** 38 characters: a message with a 5-digit seq is 90 bytes of JSON. */
    static final String NOTE = "about ninety bytes of JSON per message";

    /** Message number {@code seq}, stamped now. */
    static BenchMessage stampedNow(long seq) {
        return new BenchMessage(seq, EpochNanos.now(), NOTE);
    }

    /**
     * The JSON that Jackson writes for this message (as a tree; the order of the fields may
     * differ), written without Jackson: for the loops that measure the bare file system and
     * for backlogs written before a consumer starts.
     */
    byte[] json() {
        return ("{\"note\":\"" + note + "\",\"sentAt\":" + sentAt + ",\"seq\":" + seq + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
