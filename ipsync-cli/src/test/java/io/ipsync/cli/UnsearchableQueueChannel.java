package io.ipsync.cli;

import io.ipsync.QueueStats;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A queue of a transport that cannot read messages without taking them: every step is the wrapped
 * channel's, but {@link QueueChannel#headerValues} keeps its default and refuses, as a transport
 * without such a search would.
 */
record UnsearchableQueueChannel(QueueChannel channel) implements QueueChannel {

    @Override
    public String location() {
        return channel.location();
    }

    @Override
    public String put(byte[] json, Map<String, String> headers) throws IOException {
        return channel.put(json, headers);
    }

    @Override
    public List<String> putAll(List<OutgoingMessage> messages) throws IOException {
        return channel.putAll(messages);
    }

    @Override
    public Claim claim(long timeoutNanos) throws IOException, InterruptedException {
        return channel.claim(timeoutNanos);
    }

    @Override
    public void acknowledge(Claim claim) throws IOException {
        channel.acknowledge(claim);
    }

    @Override
    public void retryLater(Claim claim, Instant notBefore) throws IOException {
        channel.retryLater(claim, notBefore);
    }

    @Override
    public void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        channel.deadLetter(claim, reason);
    }

    @Override
    public void release(Claim claim) throws IOException {
        channel.release(claim);
    }

    @Override
    public int reclaimAbandoned() throws IOException {
        return channel.reclaimAbandoned();
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public QueueStats stats() throws IOException {
        return channel.stats();
    }

    @Override
    public DeadLetterStore deadLetters() {
        return channel.deadLetters();
    }

    @Override
    public void wakeUpWaiters() {
        channel.wakeUpWaiters();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
