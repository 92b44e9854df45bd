package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.util.RawValue;

/**
 * A queue of any installed transport, opened through the library by the address the command line
 * takes, to fill it before a command runs and to read what the command left. The tests of
 * {@code move} use nothing else, so that they run on every transport.
 */
final class QueueAt implements AutoCloseable {

    /** One message as a consumer of the queue receives it. */
    record Message(String text, Map<String, String> headers, int attempt) {

        String header(String name) {
            return headers.get(name);
        }
    }

    private final JsonDataQueue queue;

    private QueueAt(JsonDataQueue queue) {
        this.queue = queue;
    }

    static QueueAt open(String address) {
        return new QueueAt(JsonDataQueue.open(ChannelAddress.parse(address), QueueOptions.DEFAULTS));
    }

    /** Where the queue is, as it says. */
    String location() {
        return queue.location();
    }

    /** Puts the JSON text as it is, byte for byte ({@code ""} for null). */
    void put(String json, Map<String, String> headers) {
        queue.put(json.isEmpty() ? null : new RawValue(json), headers);
    }

    void put(String json) {
        put(json, Map.of());
    }

    /**
     * Puts the JSON text and sets it aside as a dead letter at once, as a consumer that gives up on
     * it does. Only while nothing else waits, so that the message received is this one.
     */
    void putDeadLetter(String json, Map<String, String> headers) throws InterruptedException {
        if (queue.size() > 0) {
            throw new IllegalStateException("Put dead letters before waiting messages: " + queue.size() + " wait");
        }
        put(json, headers);
        ReceivedMessage message = queue.receive(Duration.ofSeconds(30)).orElseThrow();
        message.deadLetter("the test's handler gave up", null);
    }

    /** Receives the next message and keeps it, unsettled, until the queue is closed. */
    void holdNext() throws InterruptedException {
        queue.receive(Duration.ofSeconds(30)).orElseThrow();
    }

    /** Receives the next message and sets it aside as a dead letter. */
    void deadLetterNext() throws InterruptedException {
        queue.receive(Duration.ofSeconds(30)).orElseThrow().deadLetter("the test's handler gave up", null);
    }

    /** Receives and acknowledges every message there is now, oldest first. */
    List<Message> drain() throws InterruptedException {
        List<Message> messages = new ArrayList<>();
        for (Optional<ReceivedMessage> m = queue.receive(Duration.ZERO); m.isPresent(); m = queue.receive(Duration.ZERO)) {
            ReceivedMessage message = m.get();
            messages.add(new Message(message.payload().text(), message.metadata().headers(), message.metadata().attempt()));
            message.acknowledge();
        }
        return messages;
    }

    QueueStats stats() {
        return queue.stats();
    }

    long deadLetters() {
        return queue.deadLetters().count();
    }

    @Override
    public void close() {
        queue.close();
    }
}
