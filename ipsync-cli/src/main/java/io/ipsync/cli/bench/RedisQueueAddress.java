package io.ipsync.cli.bench;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.RedisSettings;
import io.lettuce.core.RedisURI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A queue on a Redis server as the bench and its bare Lettuce loops see it: the address ipsync
 * opens ({@code redis://host:port[/db]/<channel>}), the server, and the keys of the layout that the
 * Redis transport documents for every participant (its package documentation): the stream
 * {@code {<prefix><channel>}:stream}, read by the consumer group {@value #GROUP}, each message's
 * payload in the field {@value #PAYLOAD_FIELD}; the schedule {@code :retry} and the dead letters
 * {@code :dead} beside it.
 *
 * @param address the channel's address, which may hold a password: never printed
 * @param server the server, as Lettuce takes it
 * @param tag the hash tag every key of the channel begins with, {@code {ipsync:orders}}
 */
record RedisQueueAddress(String address, RedisURI server, String tag) {

    /** The consumer group every consumer of a queue reads through. */
    static final String GROUP = "ipsync";

    /** The field that holds a message's JSON. */
    static final String PAYLOAD_FIELD = "p";

    /** Whether a child's argument is a Redis address rather than a folder. */
    static boolean isOne(String argument) {
        String lower = argument.toLowerCase(Locale.ROOT);
        return lower.startsWith("redis://") || lower.startsWith("rediss://");
    }

    /**
     * Reads a channel's address with the installed Redis transport, as ipsync does.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static RedisQueueAddress parse(String address) {
        ChannelAddress parsed = ChannelAddress.parse(address);
        if (!(parsed.settings() instanceof RedisSettings settings)) {
            throw new IllegalArgumentException("Not the address of a Redis channel: " + parsed);
        }
        String base = settings.key() != null ? settings.key() : settings.keyPrefix() + parsed.location();
        return new RedisQueueAddress(address, settings.server(), "{" + base + "}");
    }

    /** The stream that holds the queue's messages. */
    byte[] stream() {
        return bytes(tag + ":stream");
    }

    /** The queue's keys the bare loops use: its stream, its schedule and its dead letters (the transport may keep more under the tag). */
    List<byte[]> keys() {
        return List.of(stream(), bytes(tag + ":retry"), bytes(tag + ":dead"));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Never the address, which may hold a password. */
    @Override
    public String toString() {
        return "RedisQueueAddress[" + tag + "]";
    }
}
