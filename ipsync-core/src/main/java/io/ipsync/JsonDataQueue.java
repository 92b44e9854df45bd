package io.ipsync;

import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.internal.Durations;
import io.ipsync.spi.Claim;
import io.ipsync.spi.MessageHeaders;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.TransportProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;

/**
 * A queue of JSON messages shared by processes: any number of producers {@link #put(Object) put},
 * any number of consumers take, and in normal operation each message is handled by exactly one
 * consumer (at least once, and twice only when a consumer dies while handling it). On the file
 * transport, the default, the queue is one directory in the layout of jk_interprocesssync's
 * {@code JSONDataQueue}, shared with Python processes; other transports (Redis) are opened by
 * {@link ChannelAddress} and behave the same.
 *
 * <pre>{@code
 * try (JsonDataQueue orders = JsonDataQueue.open(Path.of("/dev/shm/shop/orders"))) {
 *     orders.put(new Order("A-17", 3));                      // in one process
 *
 *     orders.poll(Duration.ofSeconds(5), message ->          // in another
 *             ship(message.payload().as(Order.class)));
 * }
 * }</pre>
 *
 * <h2>Ways to consume</h2>
 * <ul>
 * <li>{@link #poll(Duration, MessageHandler)} and {@link #consume(Duration, MessageHandler)} run a
 * handler and acknowledge after it returns: at-least-once delivery.
 * <li>{@link #receive(Duration)} hands out the message for you to settle
 * ({@link ReceivedMessage#acknowledge()} and friends): at-least-once as well.
 * <li>{@link #take(Class)} acknowledges before it returns, like a JMS receive with automatic
 * acknowledgement: simple, but a message is lost if the process dies after {@code take} returned
 * and before it was handled.
 * <li>{@link io.ipsync.listener.ListenerContainers#forQueue} runs handlers on background threads.
 * </ul>
 *
 * <h2>Headers</h2>
 * {@link #put(Object, Map)} puts a message with a small map of string headers (tracing context,
 * reply addresses, the application's own; see {@link MessageHeaders} for the rules), which
 * consumers find in {@link MessageMetadata#headers()}. Python peers neither see nor trip over
 * them.
 *
 * <h2>Guarantees</h2>
 * A consumer claims a message atomically and removes it only when it is settled. If its process
 * dies, the message comes back within the {@link QueueOptions#reclaimInterval() reclaim
 * interval} (on files, liveness is an OS file lock, so this holds across containers sharing the
 * directory; on a server, a lease its consumer renews while it lives).
 * A handler that throws is retried with {@link QueueOptions#backOff() back-off} up to
 * {@link QueueOptions#maxAttempts() max attempts}, then dead-lettered; the attempt count survives
 * restarts. A message that cannot be read or is not valid JSON is dead-lettered with the reason
 * and never stops the consumer. Messages are taken oldest first across producers; retries are
 * taken when due, before waiting messages. Dead letters are reached through
 * {@link #deadLetters()}. Python processes can put and take on the same directory; to them,
 * everything ipsync keeps in {@code .ipsync/} is invisible.
 *
 * <p>Thread-safe: share one queue object between producer and consumer threads.
 */
public final class JsonDataQueue implements AutoCloseable {

    private static final Duration FOREVER = Duration.ofDays(365);

    private final QueueChannel channel;

    private final QueueOptions options;

    private final JsonCodec codec;

    private final QueueObserver observer;


    private final QueueSettlements settlements;

    private final DeadLetters deadLetters;

    private final QueueSender sender;

    private final ClaimAcceptance acceptance;

    private JsonDataQueue(QueueChannel channel, QueueOptions options) {
        this.channel = channel;
        this.options = options;
        this.codec = new JsonCodec(options.jsonMapper());
        this.observer = options.observer();
        this.settlements = new QueueSettlements(channel, options);
        this.deadLetters = new DeadLetters(channel.deadLetters(), channel.location());
        this.sender = new QueueSender(channel, options, codec, Clock.systemUTC());
        this.acceptance = new ClaimAcceptance(channel.location(), options, codec, settlements);
    }

    /** Opens the queue in {@code directory} (absolute, or relative to the working directory) with default options. */
    public static JsonDataQueue open(Path directory) {
        return open(directory, QueueOptions.DEFAULTS);
    }

    /** Opens the queue in {@code directory} with the file transport's default settings. */
    public static JsonDataQueue open(Path directory, QueueOptions options) {
        return open(directory, options, FileSettings.DEFAULTS);
    }

    /**
     * Opens the queue in {@code directory}. Opening is cheap; consumers create ipsync's
     * bookkeeping folder {@code .ipsync} on their first take.
     *
     * @throws IpsyncException naming the directory when it is missing (and not to be created) or
     *     not a directory
     */
    public static JsonDataQueue open(Path directory, QueueOptions options, FileSettings settings) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(settings, "settings");
        return open(ChannelAddress.file(directory, settings), options, FileTransport.INSTANCE);
    }

    /**
     * Opens the queue at an address of any installed transport, for example
     * {@code ChannelAddress.parse("redis://localhost:6379/orders")}.
     *
     * @throws IpsyncException naming the address when its transport is not installed or the queue
     *     cannot be opened
     */
    public static JsonDataQueue open(ChannelAddress address, QueueOptions options) {
        Objects.requireNonNull(address, "address");
        return open(address, options, Transports.providerOf(address));
    }

    /** Opens the queue at an address through the given transport (as the Spring Boot starter does with its beans). */
    public static JsonDataQueue open(ChannelAddress address, QueueOptions options, TransportProvider transport) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(transport, "transport");
        try {
            return new JsonDataQueue(transport.openQueue(address, options), options);
        } catch (IOException e) {
            throw new IpsyncException("Cannot open the queue " + address.location() + ": " + e, e);
        }
    }

    /** Where the queue lives (its directory). */
    public String location() {
        return channel.location();
    }

    /** The options the queue was opened with. */
    public QueueOptions options() {
        return options;
    }

    /**
     * Puts one message: any object Jackson can write, or {@code null}. When this returns, the
     * message is in the queue, visible to every consumer.
     *
     * @return the message's name in the queue
     * @throws UnwritableValueException when the value cannot be written as JSON
     * @throws MessageTooLargeException when its JSON is larger than the queue's
     *     {@link QueueOptions#maxMessageSize() maximum message size}
     * @throws QueueFullException when the queue's backlog is at its {@linkplain QueueOptions#maxBacklog() bound}
     *     and no room came within the {@linkplain QueueOptions#putTimeout() put timeout}
     * @throws IpsyncException naming the queue when the message cannot be stored (nothing partial
     *     is left visible)
     */
    public String put(Object value) {
        return put(value, Map.of());
    }

    /**
     * Puts one message with headers (see {@link MessageHeaders} for what they may hold), through
     * the queue's {@link QueueOptions#sendInterceptor() send interceptor}, which may add headers.
     * When this returns, the message is in the queue, visible to every consumer.
     *
     * @return the message's id in the queue
     * @throws IllegalArgumentException naming the header that breaks a rule
     * @throws UnwritableValueException when the value cannot be written as JSON
     * @throws QueueFullException when the queue's backlog is at its {@linkplain QueueOptions#maxBacklog() bound}
     * @throws IpsyncException naming the queue when the message cannot be stored
     */
    public String put(Object value, Map<String, String> headers) {
        return sender.put(value, headers, null);
    }

    /**
     * Puts one message that no consumer takes before {@code notBefore}, by this process's clock.
     * Until then it counts as scheduled, as a retry does; once due it is taken as a new message
     * (attempt 1): on files as due retries are, before the messages waiting; on Redis behind them.
     * A time already past puts it at once. With a {@linkplain QueueOptions#timeToLive() time to
     * live}, it expires that long after {@code notBefore}. Only ipsync's consumers take delayed
     * messages (for files, see {@link io.ipsync.file.FileQueueChannel#put(OutgoingMessage)} for how
     * soon after their time).
     *
     * @throws IllegalArgumentException when {@code notBefore} is later than
     *     {@link OutgoingMessage#LATEST_NOT_BEFORE}
     *
     * @return the message's id in the queue (the Redis transport gives it another once it is due)
     * @throws UnwritableValueException when the value cannot be written as JSON
     * @throws QueueFullException when the queue's backlog is at its {@linkplain QueueOptions#maxBacklog() bound}
     * @throws IpsyncException naming the queue when the message cannot be stored
     */
    public String putAt(Object value, Map<String, String> headers, Instant notBefore) {
        return sender.put(value, headers, Objects.requireNonNull(notBefore, "notBefore"));
    }

    /** As {@link #putAt(Object, Map, Instant)}, without headers, due {@code delay} from now. */
    public String putLater(Object value, Duration delay) {
        Durations.requireNotNegative(delay, "delay");
        return sender.put(value, Map.of(), Instant.now().plus(delay));
    }

    /**
     * Puts several messages, in order. Every value is converted first, so a value that cannot be
     * written, or is too large, puts nothing; a storage failure part way leaves the messages before it in the queue.
     *
     * @return the messages' names, in order
     */
    public List<String> putAll(Collection<?> values) {
        return sender.putAll(values);
    }

    /** How many messages wait to be taken, now or after a retry delay (not those being handled). */
    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new IpsyncException("Cannot count the messages of " + location() + ": " + e, e);
        }
    }

    /** The queue's dead letters: list, read, re-drive, purge. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Counters of waiting, in-flight, retried and dead-lettered messages. */
    public QueueStats stats() {
        try {
            return channel.stats();
        } catch (IOException e) {
            throw new IpsyncException("Cannot read the state of " + location() + ": " + e, e);
        }
    }

    /**
     * Takes the next message for you to settle, waiting as long as it takes. Unreadable and
     * malformed messages are dead-lettered on the way and never returned.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public ReceivedMessage receive() throws InterruptedException {
        while (true) {
            Optional<ReceivedMessage> message = receive(FOREVER);
            if (message.isPresent()) {
                return message.get();
            }
        }
    }

    /**
     * Takes the next message for you to settle, waiting at most the timeout.
     *
     * @return the message, or empty when the timeout passed (or {@link #wakeUpWaiters()} was called)
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Optional<ReceivedMessage> receive(Duration timeout) throws InterruptedException {
        Durations.requireNotNegative(timeout, "timeout");
        long deadline = System.nanoTime() + Math.min(Durations.toNanosSaturated(timeout), Long.MAX_VALUE / 2);
        while (true) {
            settlements.retryOwed();
            Claim claim;
            try {
                claim = channel.claim(deadline - System.nanoTime());
            } catch (IOException e) {
                throw new IpsyncException("Cannot take a message from " + location() + ": " + e, e);
            }
            if (claim == null) {
                return Optional.empty();
            }
            ReceivedMessage message = acceptance.accept(claim);
            if (message != null) {
                observer.received(message.metadata());
                return Optional.of(message);
            }
            if (deadline - System.nanoTime() <= 0) {
                return Optional.empty();
            }
        }
    }

    /**
     * Takes one message, waiting at most the timeout, and runs the handler on it; acknowledges it
     * when the handler returns, retries or dead-letters it when it throws (see
     * {@link MessageHandler}).
     *
     * @return whether a message was taken
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public boolean poll(Duration timeout, MessageHandler handler) throws InterruptedException {
        Objects.requireNonNull(handler, "handler");
        Optional<ReceivedMessage> received = receive(timeout);
        if (received.isEmpty()) {
            return false;
        }
        received.get().handleWith(handler);
        return true;
    }

    /**
     * Handles messages one by one as they arrive, as {@link #poll} does, until none has arrived
     * for {@code idleTimeout}.
     *
     * @return how many messages were taken
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public long consume(Duration idleTimeout, MessageHandler handler) throws InterruptedException {
        long taken = 0;
        while (poll(idleTimeout, handler)) {
            taken++;
        }
        return taken;
    }

    /**
     * Takes the next message as the given type and acknowledges it before returning, waiting as
     * long as it takes. A message that cannot be read as the type is dead-lettered and the next
     * one taken. Delivery is at-most-once: use {@link #poll} for at-least-once.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public <T> T take(Class<T> type) throws InterruptedException {
        return take(payload -> payload.as(type));
    }

    /** As {@link #take(Class)}, for a generic type such as {@code new TypeReference<List<Order>>() {}}. */
    public <T> T take(TypeReference<T> type) throws InterruptedException {
        return take(payload -> payload.as(type));
    }

    private <T> T take(java.util.function.Function<JsonPayload, T> conversion) throws InterruptedException {
        while (true) {
            ReceivedMessage message = receive();
            T value;
            try {
                value = conversion.apply(message.payload());
            } catch (MessageConversionException e) {
                message.complete(e);
                continue;
            }
            message.acknowledge();
            return value;
        }
    }

    /** Makes every {@link #receive(Duration)} in progress return empty promptly (used to stop consumers). */
    public void wakeUpWaiters() {
        channel.wakeUpWaiters();
    }

    /**
     * Closes the queue: waits in progress end, messages received and not yet settled go back to
     * the queue, and this consumer's bookkeeping is removed. Messages put stay in the queue.
     */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new IpsyncException("Cannot close the queue " + location() + ": " + e, e);
        } finally {
            settlements.forgetOwed(); // the channel gave their claims back, or they come back once this process is gone
        }
    }

    @Override
    public String toString() {
        return "JsonDataQueue[" + location() + "]";
    }
}
