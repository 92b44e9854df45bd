package io.ipsync.spring.test;

import io.ipsync.DataEventOptions;
import io.ipsync.DeadLetter;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.channel.IpsyncTransports;
import io.ipsync.spring.test.MessageOutcome.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives and watches the application's ipsync channels from a test, by the names they have under
 * {@code ipsync.events}, {@code ipsync.data-events} and {@code ipsync.queues}: a bean of every
 * context made with {@link IpsyncTest @IpsyncTest}. Every wait has a timeout and fails with an
 * {@link AssertionError} that names the channel and says what happened instead.
 *
 * <pre>{@code
 * @Autowired IpsyncTestHarness ipsync;
 *
 * String id = ipsync.put("orders", order);
 * ipsync.awaitHandled("orders", id, Duration.ofSeconds(10));                        // a listener handled it
 * DeadLetter dead = ipsync.awaitDeadLettered("orders", badId, Duration.ofSeconds(10)); // or set it aside
 * assertThat(dead.reason()).contains("quantity 0");
 * }</pre>
 *
 * <p><b>What it sees.</b> {@link #awaitHandled} and {@link #awaitDeadLettered} wait for what the
 * queues of this context report to their observers (see {@link QueueOutcomeRecorder}): messages
 * handled by this context's {@code @IpsyncListener} methods, or by code of the test that takes
 * from the queue beans. They wake as soon as the queue reports, without polling. A message handled
 * by another process is not seen; for that, {@link QueueWaits} reads what the queue keeps. Waits
 * are by message id, as {@link #put} or the application's own {@code put} returned it, since a
 * queue reports the id and metadata of a message but not its payload once it is handled.
 *
 * <p>Thread-safe.
 */
public final class IpsyncTestHarness implements DisposableBean {

    private final IpsyncChannels channels;

    private final IpsyncTransports transports;

    private final BeanFactory beanFactory;

    private final QueueOutcomeRecorder recorder;

    private final JsonMapper jsonMapper;

    private final Set<AutoCloseable> openWatches = ConcurrentHashMap.newKeySet();

    /**
     * @param channels the configured channels, looked up by name
     * @param transports opens each watch's own event
     * @param beanFactory where the channel beans are
     * @param recorder the observer of this context's queues
     * @param jsonMapper reads dead letters' payloads, and writes and reads data-event values
     */
    public IpsyncTestHarness(IpsyncChannels channels, IpsyncTransports transports, BeanFactory beanFactory,
            QueueOutcomeRecorder recorder, JsonMapper jsonMapper) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.transports = Objects.requireNonNull(transports, "transports");
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    /** The queue bean of this name. */
    public JsonDataQueue queue(String name) {
        return beanFactory.getBean(channel(name, ChannelKind.QUEUE).name(), JsonDataQueue.class);
    }

    /** Puts a value on the queue; returns the message's id, for the waits. */
    public String put(String queue, Object value) {
        return queue(queue).put(value);
    }

    /** Puts a value with headers on the queue; returns the message's id, for the waits. */
    public String put(String queue, Object value, Map<String, String> headers) {
        return queue(queue).put(value, headers);
    }

    /** Signals the event of this name: its listeners, in this process and others, wake. */
    public void signal(String event) {
        beanFactory.getBean(channel(event, ChannelKind.EVENT).name(), Event.class).signal();
    }

    /** Publishes a value on the data event of this name: its listeners, in this process and others, get it. */
    public void publish(String dataEvent, Object value) {
        beanFactory.getBean(channel(dataEvent, ChannelKind.DATA_EVENT).name(), JsonDataEvent.class).signal(value);
    }

    /**
     * Waits until the message was handled and acknowledged in this context, and returns that
     * outcome (with the attempt that succeeded). Returns at once when that happened already.
     *
     * @throws AssertionError when it was dead-lettered instead (at once, with the reason), or is
     *     not handled within the timeout (with what happened to it, and the queue's counters)
     */
    public MessageOutcome awaitHandled(String queue, String messageId, Duration timeout) {
        MessageOutcome settled = awaitSettled(queue, messageId, timeout, "handled");
        if (settled.kind() == Kind.DEAD_LETTERED) {
            throw new AssertionError(describe(queue, messageId) + " was dead-lettered, not handled: " + settled.detail()
                    + history(queue, messageId));
        }
        return settled;
    }

    /**
     * Waits until the message was set aside as a dead letter in this context, and returns the dead
     * letter as the queue keeps it: payload, headers, reason, exception, attempts and time.
     * Returns at once when that happened already.
     *
     * @throws AssertionError when it was handled instead (at once), or is not dead-lettered within
     *     the timeout (with what happened to it, and the queue's counters)
     */
    public DeadLetter awaitDeadLettered(String queue, String messageId, Duration timeout) {
        MessageOutcome settled = awaitSettled(queue, messageId, timeout, "dead-lettered");
        if (settled.kind() == Kind.HANDLED) {
            throw new AssertionError(describe(queue, messageId) + " was handled, not dead-lettered"
                    + history(queue, messageId));
        }
        // The queue reports a dead letter once it is stored: it is there, unless re-driven or purged since.
        List<DeadLetter> deadLetters = deadLetters(queue);
        return QueueWaits.find(deadLetters, messageId).orElseThrow(() -> new AssertionError(
                describe(queue, messageId) + " was dead-lettered (" + settled.detail() + ") but is no longer among the"
                        + " dead letters (re-driven or purged since?); they are: " + QueueWaits.describe(deadLetters)));
    }

    /** Every dead letter of the queue now, the one set aside first first (also those set aside by other processes). */
    public List<DeadLetter> deadLetters(String queue) {
        return QueueWaits.deadLetters(queue(queue));
    }

    /** The payload of a dead letter, read as {@code type} with the application's {@code JsonMapper}. */
    public <T> T payload(DeadLetter deadLetter, Class<T> type) {
        byte[] content = deadLetter.content();
        if (content == null) {
            throw new AssertionError("The dead letter " + deadLetter.id() + " (message " + deadLetter.messageId()
                    + ") has no readable content");
        }
        return content.length == 0 ? null : jsonMapper.readValue(content, type);
    }

    /**
     * Waits until exactly {@code count} messages wait in the queue (put, and not yet taken: for
     * example while its listener is stopped or paused), and returns the queue's counters.
     *
     * @throws AssertionError when that does not happen within the timeout, with the counters last seen
     */
    public QueueStats awaitWaiting(String queue, long count, Duration timeout) {
        return QueueWaits.awaitWaiting(queue(queue), count, timeout);
    }

    /** What this context recorded for the queue so far, the earliest first. */
    public List<MessageOutcome> outcomes(String queue) {
        return recorder.outcomes(queue(queue).location());
    }

    /** What this context recorded for one message of the queue so far, the earliest first. */
    public List<MessageOutcome> outcomes(String queue, String messageId) {
        return recorder.outcomes(queue(queue).location(), messageId);
    }

    /**
     * Starts watching the event of this name: the watch sees each signal made from now on, by
     * this process or another. Close it when done.
     */
    public EventWatch watchEvent(String event) {
        ChannelDefinition channel = channel(event, ChannelKind.EVENT);
        Event own = Event.open(transports.address(channel), EventOptions.builder().fireOnInit(false).build(),
                transports.provider(channel));
        EventWatch watch = new EventWatch(event, own, openWatches::remove);
        openWatches.add(watch);
        return watch;
    }

    /**
     * Starts watching the data event of this name: the watch sees the values published from now
     * on, by this process or another. Close it when done.
     */
    public DataEventWatch watchDataEvent(String dataEvent) {
        ChannelDefinition channel = channel(dataEvent, ChannelKind.DATA_EVENT);
        DataEventOptions options = DataEventOptions.builder()
                .fireOnInit(false)
                .maxValueSize(channel.maxMessageSize())
                .jsonMapper(jsonMapper)
                .build();
        JsonDataEvent own = JsonDataEvent.open(transports.address(channel), options, transports.provider(channel));
        DataEventWatch watch = new DataEventWatch(dataEvent, own, openWatches::remove);
        openWatches.add(watch);
        return watch;
    }

    /** Closes the watches that tests left open. */
    @Override
    public void destroy() {
        for (AutoCloseable watch : List.copyOf(openWatches)) {
            try {
                watch.close();
            } catch (Exception e) {
                // closing an event only ends its waits; nothing a test could act on
            }
        }
    }

    private MessageOutcome awaitSettled(String queue, String messageId, Duration timeout, String awaited) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timeout, "timeout");
        String location = queue(queue).location();
        Optional<MessageOutcome> settled;
        try {
            settled = recorder.await(location, outcomes -> outcomes.stream()
                    .filter(outcome -> outcome.messageId().equals(messageId))
                    .filter(outcome -> outcome.kind() == Kind.HANDLED || outcome.kind() == Kind.DEAD_LETTERED)
                    .findFirst(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting until " + describe(queue, messageId) + " was "
                    + awaited, e);
        }
        return settled.orElseThrow(() -> new AssertionError(describe(queue, messageId) + " was not " + awaited
                + " within " + timeout + history(queue, messageId)));
    }

    private static String describe(String queue, String messageId) {
        return "Message " + messageId + " of the queue '" + queue + "'";
    }

    /** What happened to the message, and the queue's state, for failure messages. */
    private String history(String queue, String messageId) {
        JsonDataQueue bean = queue(queue);
        List<MessageOutcome> all = recorder.outcomes(bean.location());
        List<MessageOutcome> its = all.stream().filter(outcome -> outcome.messageId().equals(messageId)).toList();
        long others = all.stream().map(MessageOutcome::messageId).filter(id -> !id.equals(messageId)).distinct().count();
        String what = its.isEmpty()
                ? "; nothing happened to it in this context (not put on this queue, no listener running, or handled"
                        + " by another process?)"
                : "; what happened to it: " + its.stream().map(MessageOutcome::toString).collect(Collectors.joining(", "));
        String state;
        try {
            state = bean.stats().toString();
        } catch (RuntimeException e) {
            state = "unreadable (" + e.getMessage() + ")";
        }
        return what + "; " + others + " other message(s) seen on the queue; the queue now: " + state;
    }

    private ChannelDefinition channel(String name, ChannelKind kind) {
        Objects.requireNonNull(name, "name");
        return channels.find(name).filter(channel -> channel.kind() == kind).orElseThrow(() -> new IllegalArgumentException(
                "No " + kind.description() + " named '" + name + "' in this application context; its "
                        + kind.description() + "s (under " + kind.propertyPrefix() + "): " + channels.all().stream()
                                .filter(channel -> channel.kind() == kind)
                                .map(ChannelDefinition::name)
                                .toList()));
    }

    @Override
    public String toString() {
        return "IpsyncTestHarness" + channels.names();
    }
}
