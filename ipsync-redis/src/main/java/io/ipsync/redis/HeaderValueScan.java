package io.ipsync.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one header of every message of a queue that is not gone, without taking any: the queue's
 * stream holds every message waiting, claimed or scheduled (only an acknowledgement deletes an
 * entry), its dead-letter stream the dead letters with their fields prefixed {@code m:}. Read in
 * batches with {@code XRANGE}; a snapshot only in that each batch is. For tools (a move run again),
 * not the hot path.
 */
final class HeaderValueScan {

    private static final int BATCH = 1_000;

    private final ServerCalls calls;

    private final ChannelKeys keys;

    HeaderValueScan(ServerCalls calls, ChannelKeys keys) {
        this.calls = calls;
        this.keys = keys;
    }

    Set<String> valuesOf(String name) throws IOException {
        Set<String> values = new HashSet<>();
        scan(keys.queue(), MessageFields.HEADER_PREFIX + name, values);
        scan(keys.deadLetters(), "m:" + MessageFields.HEADER_PREFIX + name, values);
        return values;
    }

    private void scan(String key, String field, Set<String> values) throws IOException {
        byte[] stream = ChannelKeys.bytes(key);
        byte[] wanted = field.getBytes(StandardCharsets.UTF_8);
        String from = "-";
        while (true) {
            String start = from;
            List<StreamMessage<byte[], byte[]>> batch = calls.call("read the headers of " + key,
                    commands -> commands.xrange(stream, Range.create(start, "+"), Limit.from(BATCH)));
            for (StreamMessage<byte[], byte[]> entry : batch) {
                for (Map.Entry<byte[], byte[]> pair : entry.getBody().entrySet()) {
                    if (Arrays.equals(pair.getKey(), wanted) && pair.getValue() != null) {
                        values.add(new String(pair.getValue(), StandardCharsets.UTF_8));
                    }
                }
            }
            if (batch.size() < BATCH) {
                return;
            }
            from = "(" + batch.get(batch.size() - 1).getId(); // exclusive: after the last one read
        }
    }
}
