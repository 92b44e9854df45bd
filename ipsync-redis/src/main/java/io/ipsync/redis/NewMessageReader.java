package io.ipsync.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the messages of a queue that no consumer has had yet, for one consumer:
 * {@code XREADGROUP GROUP ipsync <consumer> COUNT n [BLOCK ms] STREAMS <stream> >}. Each message read
 * is pending in the group, held by the consumer, delivery count 1.
 *
 * <p>The group is created reading from the stream's start ({@code XGROUP CREATE <stream> ipsync 0
 * MKSTREAM}), so messages put before any consumer came are delivered; a group that exists already
 * ({@code BUSYGROUP}) is fine, and one that went away (the stream was deleted) is created again.
 *
 * <p>Thread-safe.
 */
final class NewMessageReader {

    private static final Logger log = LoggerFactory.getLogger(NewMessageReader.class);

    private final ServerCalls calls;

    private final byte[] stream;

    private final Consumer<byte[]> consumer;

    private final String streamKey;

    NewMessageReader(ServerCalls calls, ChannelKeys keys, String consumerName) {
        this.calls = calls;
        this.streamKey = keys.queue();
        this.stream = ChannelKeys.bytes(keys.queue());
        this.consumer = Consumer.from(ChannelKeys.bytes(ChannelKeys.GROUP), ChannelKeys.bytes(consumerName));
    }

    /** Creates the group, reading from the stream's start, unless it exists. */
    void ensureGroup() throws IOException {
        try {
            calls.call("create the consumer group " + ChannelKeys.GROUP, commands -> commands.xgroupCreate(
                    XReadArgs.StreamOffset.from(stream, "0"), consumer.getGroup(), XGroupCreateArgs.Builder.mkstream()));
        } catch (RedisReplyException e) {
            if (!e.errorCode().equals("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Creates the group again after a read found it gone ({@code NOGROUP}). */
    void recreateGroup() throws IOException {
        log.warn("The consumer group {} of {} is gone (was the stream deleted?); creating it again", ChannelKeys.GROUP,
                streamKey);
        ensureGroup();
    }

    /**
     * Reads up to {@code count} new messages, blocking up to {@code blockMillis} (not at all for 0)
     * unless woken or interrupted first.
     */
    @SuppressWarnings("unchecked") // Lettuce takes the streams to read as generic varargs
    ServerCalls.Blocked<List<QueueScripts.Entry>> read(int count, long blockMillis, CompletableFuture<?> wakeUp)
            throws IOException {
        ServerCalls.Blocked<List<StreamMessage<byte[], byte[]>>> read;
        try {
            if (blockMillis <= 0) {
                read = new ServerCalls.Blocked<>(calls.call("take a message", commands -> commands.xreadgroup(consumer,
                        XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream))), false);
            } else {
                read = calls.blockingRead("wait for a message", stream, blockMillis, wakeUp,
                        commands -> commands.xreadgroup(consumer, XReadArgs.Builder.count(count).block(blockMillis),
                                XReadArgs.StreamOffset.lastConsumed(stream)));
            }
        } catch (RedisReplyException e) {
            if (!e.errorCode().equals("NOGROUP")) {
                throw e;
            }
            recreateGroup();
            return new ServerCalls.Blocked<>(List.of(), false);
        }
        List<QueueScripts.Entry> entries = new ArrayList<>();
        if (read.result() != null) {
            for (StreamMessage<byte[], byte[]> message : read.result()) {
                entries.add(new QueueScripts.Entry(message.getId(), 1, MessageFields.flatten(message.getBody())));
            }
        }
        return new ServerCalls.Blocked<>(entries, read.interrupted());
    }
}
