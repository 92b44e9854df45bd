package io.ipsync.redis;

import io.ipsync.DeadLetter;
import io.ipsync.spi.DeadLetterStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue's dead letters as the stream {@code {q}:dead}, oldest first. Each entry is written by
 * {@code dead_letter.lua} with the fields {@code message-id}, {@code reason}, {@code exception}
 * (when there was one), {@code attempts}, {@code time} (ms since the epoch, server time),
 * {@code consumer}, and the message's own fields each prefixed {@code m:} ({@code m:p} the
 * payload, {@code m:h:<name>} its headers); its id is the dead letter's id.
 *
 * <p>Re-driving ({@code requeue.lua}) appends the message's fields to the queue's stream as a new
 * entry and deletes the dead letter in one atomic step, so the message waits as a first attempt
 * with its content and headers unchanged. Purging deletes entries ({@code XDEL}, or the whole key
 * in {@code purge_all.lua}).
 *
 * <p>Thread-safe.
 */
final class RedisDeadLetterStore implements DeadLetterStore {

    private static final Logger log = LoggerFactory.getLogger(RedisDeadLetterStore.class);

    private static final int BATCH = 100;

    private static final String MESSAGE_FIELD_PREFIX = "m:";

    private final ServerCalls calls;

    private final byte[] key;

    private final String keyName;

    private final QueueScripts scripts;

    private final long maxMessageSize;

    RedisDeadLetterStore(ServerCalls calls, ChannelKeys keys, QueueScripts scripts, long maxMessageSize) {
        this.calls = calls;
        this.keyName = keys.deadLetters();
        this.key = ChannelKeys.bytes(keyName);
        this.scripts = scripts;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public long count() throws IOException {
        return calls.call("count the dead letters", commands -> commands.xlen(key));
    }

    @Override
    public List<DeadLetter> list(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1 but was " + max);
        }
        List<StreamMessage<byte[], byte[]>> entries = calls.call("list the dead letters",
                commands -> commands.xrange(key, Range.create("-", "+"), Limit.from(max)));
        List<DeadLetter> letters = new ArrayList<>(entries.size());
        for (StreamMessage<byte[], byte[]> entry : entries) {
            letters.add(read(entry));
        }
        return letters;
    }

    @Override
    public Optional<DeadLetter> read(String id) throws IOException {
        requireId(id);
        List<StreamMessage<byte[], byte[]>> entries = calls.call("read the dead letter " + id,
                commands -> commands.xrange(key, Range.create(id, id)));
        return entries.isEmpty() ? Optional.empty() : Optional.of(read(entries.get(0)));
    }

    @Override
    public boolean requeue(String id) throws IOException {
        requireId(id);
        String messageId = scripts.requeue(id);
        if (messageId != null) {
            log.info("Re-drove the dead letter {} of {} back to the queue as {}", id, keyName, messageId);
        }
        return messageId != null;
    }

    @Override
    public int requeueAll() throws IOException {
        return DeadLetterStore.requeueInBatches(this, BATCH);
    }

    @Override
    public boolean purge(String id) throws IOException {
        requireId(id);
        return calls.call("purge the dead letter " + id, commands -> commands.xdel(key, id)) == 1;
    }

    @Override
    public int purgeAll() throws IOException {
        return (int) scripts.purgeAll();
    }

    private DeadLetter read(StreamMessage<byte[], byte[]> entry) {
        Map<String, byte[]> record = new LinkedHashMap<>();
        byte[] content = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> field : entry.getBody().entrySet()) {
            String name = new String(field.getKey(), StandardCharsets.UTF_8);
            byte[] value = field.getValue() == null ? new byte[0] : field.getValue();
            if (name.equals(MESSAGE_FIELD_PREFIX + MessageFields.PAYLOAD)) {
                content = value.length <= maxMessageSize ? value : null;
            } else if (name.startsWith(MESSAGE_FIELD_PREFIX + MessageFields.HEADER_PREFIX)) {
                headers.put(name.substring(MESSAGE_FIELD_PREFIX.length() + MessageFields.HEADER_PREFIX.length()),
                        new String(value, StandardCharsets.UTF_8));
            } else if (!name.startsWith(MESSAGE_FIELD_PREFIX)) {
                record.put(name, value);
            }
        }
        String time = text(record, "time", null);
        return new DeadLetter(entry.getId(), text(record, "message-id", entry.getId()), content, headers,
                text(record, "reason", "(no record of why)"), text(record, "exception", null),
                parseInt(text(record, "attempts", "0")),
                time == null ? StreamIds.time(entry.getId()) : Instant.ofEpochMilli(parseLong(time)));
    }

    private static String text(Map<String, byte[]> record, String field, String otherwise) {
        byte[] value = record.get(field);
        return value == null ? otherwise : new String(value, StandardCharsets.UTF_8);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void requireId(String id) {
        if (!StreamIds.isId(id)) {
            throw new IllegalArgumentException("Not the id of a dead letter of " + keyName + ": '" + id
                    + "' (dead letters have stream entry ids such as 1700000000000-0)");
        }
    }
}
