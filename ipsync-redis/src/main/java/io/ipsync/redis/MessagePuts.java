package io.ipsync.redis;

import io.ipsync.spi.OutgoingMessage;
import io.lettuce.core.protocol.RedisCommand;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The producer side of a {@link RedisQueueChannel}: {@code XADD {q}:stream * p <json>
 * [h:<name> <value>...]}, never trimmed; several messages go out in one write. A message put for
 * later waits in {@code {q}:later} instead ({@code put_later.lua}), due by the server's clock at
 * this process's delay from now, until a consumer's take appends it to the stream; consumers
 * blocked in a read learn of it at their next take, within {@link RedisSettings#blockSlice()}. Its
 * id until then is {@code later-<token>}. Thread-safe.
 */
final class MessagePuts {

    private final ServerCalls calls;

    private final ChannelKeys keys;

    private final QueueScripts scripts;

    MessagePuts(ServerCalls calls, ChannelKeys keys, QueueScripts scripts) {
        this.calls = calls;
        this.keys = keys;
        this.scripts = scripts;
    }

    String put(OutgoingMessage message) throws IOException {
        long delayMillis = message.notBefore() == null ? 0 : Duration.between(Instant.now(), message.notBefore()).toMillis();
        if (delayMillis > 0) {
            return scripts.putLater(MessageFields.encode(message.json(), message.headers()), delayMillis);
        }
        byte[] stream = ChannelKeys.bytes(keys.queue());
        Object[] fields = MessageFields.encode(message.json(), message.headers());
        return calls.call("put a message", commands -> commands.xadd(stream, fields));
    }

    /** The messages in order, in one write unless some are put for later (those go one by one). */
    List<String> putAll(List<OutgoingMessage> messages) throws IOException {
        if (messages.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        if (messages.stream().anyMatch(message -> message.isDelayed(now))) {
            List<String> ids = new ArrayList<>(messages.size());
            for (OutgoingMessage message : messages) {
                ids.add(put(message));
            }
            return ids;
        }
        byte[] stream = ChannelKeys.bytes(keys.queue());
        List<RedisCommand<byte[], byte[], String>> puts = new ArrayList<>(messages.size());
        messages.forEach(message -> puts.add(BatchCommands.xadd(stream, MessageFields.encode(message.json(), message.headers()))));
        return calls.callEach("put " + messages.size() + " messages", puts);
    }
}
