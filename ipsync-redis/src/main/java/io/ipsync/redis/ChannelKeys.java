package io.ipsync.redis;

import java.nio.charset.StandardCharsets;

/**
 * The keys of one channel. Every key of a channel starts with the same hash tag,
 * {@code {<prefix><name>}} (or {@code {<key>}} where {@link RedisSettings#key()} is set), so that
 * all of them live in one hash slot and one Lua script may touch them all, on a cluster too:
 *
 * <table>
 * <caption>Keys of the channel {@code orders} with the default prefix</caption>
 * <tr><th>key</th><th>type</th><th>what</th></tr>
 * <tr><td>{@code {ipsync:orders}:stream}</td><td>stream</td><td>a queue's messages, consumer group {@value #GROUP}</td></tr>
 * <tr><td>{@code {ipsync:orders}:retry}</td><td>sorted set</td><td>a queue's scheduled messages: id, due time in ms</td></tr>
 * <tr><td>{@code {ipsync:orders}:dead}</td><td>stream</td><td>a queue's dead letters</td></tr>
 * <tr><td>{@code {ipsync:orders}:ahead}</td><td>hash</td><td>a queue's messages that consumers took ahead of their handlers: id, consumer</td></tr>
 * <tr><td>{@code {ipsync:orders}:later}</td><td>sorted set</td><td>a queue's messages put for later: token, due time in ms</td></tr>
 * <tr><td>{@code {ipsync:orders}:later-fields}</td><td>hash</td><td>their fields: token, the fields packed with cmsgpack</td></tr>
 * <tr><td>{@code {ipsync:orders}:swept}</td><td>string</td><td>a queue's last sweep for abandoned claims: server time in ms</td></tr>
 * <tr><td>{@code {ipsync:orders}:event}</td><td>stream</td><td>an event's signals, the latest only</td></tr>
 * <tr><td>{@code {ipsync:orders}:value}</td><td>stream</td><td>a data event's values, the latest only</td></tr>
 * </table>
 *
 * @param tag the hash tag with its braces, {@code {ipsync:orders}}
 */
record ChannelKeys(String tag) {

    /** The consumer group of every queue. */
    static final String GROUP = "ipsync";

    /** The pseudo-consumer that holds a queue's scheduled messages; no process may take this name. */
    static final String SCHEDULED = "~scheduled";

    /** The keys of the channel {@code name} with these settings. */
    static ChannelKeys of(String name, RedisSettings settings) {
        requireNoBraces(name, "channel name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A Redis channel needs a name");
        }
        String base = settings.key() != null ? settings.key() : settings.keyPrefix() + name;
        return new ChannelKeys("{" + base + "}");
    }

    static String requireNoBraces(String text, String what) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("The " + what + " '" + text
                    + "' contains a brace; braces are kept for the hash tag that puts a channel's keys in one slot");
        }
        return text;
    }

    String queue() {
        return tag + ":stream";
    }

    String schedule() {
        return tag + ":retry";
    }

    String deadLetters() {
        return tag + ":dead";
    }

    /** The messages consumers took ahead of handing them out ({@link RedisSettings#prefetch()}). */
    String ahead() {
        return tag + ":ahead";
    }

    /** The messages put for later, until they are due and appended to the stream (see {@code put_later.lua}). */
    String delayed() {
        return tag + ":later";
    }

    /** The fields of the messages put for later, by token. */
    String delayedFields() {
        return tag + ":later-fields";
    }

    /** The server time (ms) of the queue's last sweep for abandoned claims: a gap tells of a server that paused. */
    String swept() {
        return tag + ":swept";
    }

    String event() {
        return tag + ":event";
    }

    String value() {
        return tag + ":value";
    }

    /** A queue's keys in the order its Lua scripts take them: stream, schedule, dead letters, taken ahead. */
    byte[][] queueScriptKeys() {
        return new byte[][] {bytes(queue()), bytes(schedule()), bytes(deadLetters()), bytes(ahead())};
    }

    /**
     * The keys {@code take.lua}, {@code reclaim.lua} and {@code stats.lua} take: a queue's script
     * keys, then the time of its last sweep, then its delayed messages and their fields.
     */
    byte[][] fullScriptKeys() {
        return new byte[][] {bytes(queue()), bytes(schedule()), bytes(deadLetters()), bytes(ahead()), bytes(swept()),
                bytes(delayed()), bytes(delayedFields())};
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
