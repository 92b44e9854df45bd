package io.ipsync.spring.autoconfigure;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.TransportHealth;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spi.ValueChannel;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file transport, as a bean of id {@code file} (which wins over the one the service loader
 * finds), with queues that count how often their counters are read: {@code stats()} and
 * {@code size()} each list the queue's directory. Everything else goes to the real transport.
 */
final class StatsCountingFileTransport implements TransportProvider {

    private final AtomicInteger readings = new AtomicInteger();

    /** How many times a queue's counters were read (listing its directory). */
    int readings() {
        return readings.get();
    }

    @Override
    public String id() {
        return FileTransport.INSTANCE.id();
    }

    @Override
    public List<String> queueLayouts() {
        return FileTransport.INSTANCE.queueLayouts();
    }

    @Override
    public QueueChannel openQueue(ChannelAddress address, QueueOptions options) throws IOException {
        return new Counting(FileTransport.INSTANCE.openQueue(address, options));
    }

    @Override
    public SignalChannel openSignal(ChannelAddress address, EventOptions options) throws IOException {
        return FileTransport.INSTANCE.openSignal(address, options);
    }

    @Override
    public ValueChannel openValue(ChannelAddress address, DataEventOptions options) throws IOException {
        return FileTransport.INSTANCE.openValue(address, options);
    }

    @Override
    public TransportHealth health(ChannelAddress address, ChannelKind kind) {
        return FileTransport.INSTANCE.health(address, kind);
    }

    private final class Counting implements QueueChannel {

        private final QueueChannel channel;

        Counting(QueueChannel channel) {
            this.channel = channel;
        }

        @Override
        public long size() throws IOException {
            readings.incrementAndGet();
            return channel.size();
        }

        @Override
        public QueueStats stats() throws IOException {
            readings.incrementAndGet();
            return channel.stats();
        }

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
        public List<Claim> claimBatch(int maxMessages, long timeoutNanos) throws IOException, InterruptedException {
            return channel.claimBatch(maxMessages, timeoutNanos);
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
        public DeadLetterStore deadLetters() {
            return channel.deadLetters();
        }

        @Override
        public Set<String> headerValues(String name) throws IOException {
            return channel.headerValues(name);
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
}
