package io.ipsync.cli;

import io.ipsync.DeadLetter;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.util.RawValue;

/**
 * Moves the messages of one queue (FROM) into another (TO), of the same transport or not: the
 * mechanism of {@code ipsync move}. Each message keeps its content, byte for byte, and its
 * headers, and gains the header {@value MovedCopies#HEADER}, {@code <FROM>/<its id in FROM>}. In
 * TO it is a new message: first attempt, TO's order (the order of the move, which is FROM's).
 *
 * <h2>How one message moves</h2>
 * <ol>
 * <li>It is claimed from FROM ({@code receive}): FROM still has it, held by this process; if the
 * process dies, FROM gives it back to its next consumer with the attempt counted.
 * <li>Unless TO already holds a copy of it (below), it is put into TO with the header.
 * <li>It is acknowledged in FROM: the commit point. Only now is it gone from FROM.
 * </ol>
 * A dead letter ({@code --dead-letters}) moves the same way: put into TO as a waiting message,
 * then purged from FROM's dead letters, where it stays until then.
 *
 * <h2>Killed at any moment, and run again</h2>
 * A message leaves FROM only after its copy is in TO, so nothing is lost. A move killed between
 * the two (after the put, before the acknowledgement or the purge) leaves the message in FROM
 * and its copy in TO; the next run, before moving its first message, reads the header of every
 * message in TO ({@link MovedCopies}), and a message of FROM whose copy it finds is only
 * acknowledged (or purged), not put again. So a move interrupted and run again until FROM is
 * empty puts every message into TO exactly once. A run gets back what a killed run held as soon as
 * FROM gives it back: at once on files (the dead process's lock is gone), after the lease on a
 * server; until then it shows in FROM as in flight.
 *
 * <h2>Why TO is searched, rather than progress written down</h2>
 * A state file, fsynced before and after each put, cannot close the gap either: a run killed after
 * the put and before the record leaves the record saying "maybe". Only TO knows whether the put
 * happened, so the header that a copy carries is the record, and it needs no file beside the run
 * (a re-run from another directory or host finds it too) and no fsync per message.
 *
 * <h2>Limits</h2>
 * <ul>
 * <li>A copy is found only while it is in TO. If TO's consumers took and acknowledged the copy of
 * the message a killed run held before the next run looks, that message is moved again. At most
 * one message per interrupted run is exposed (the one in hand when it died).
 * <li>TO is searched through its transport's {@code QueueChannel.headerValues} (files and Redis
 * have it). Into a TO whose transport cannot be searched, a message that FROM gives back from an
 * interrupted move is put again, so TO may hold it twice (both copies carry the same
 * {@value MovedCopies#HEADER}); each such message, and dead letters, are warned about. Nothing is
 * lost either way.
 * <li>Run one move per FROM at a time, with FROM's consumers stopped: TO is read once per run, so a
 * copy put by another run started meanwhile is not seen, and consumers of FROM would take what
 * the move is to move.
 * <li>A message of FROM that is not JSON is not moved: like {@code take}, the move sets it aside
 * as a dead letter of FROM; and a dead letter that is not JSON, or cannot be read, stays in
 * FROM's dead letters (moving it would only make it a dead letter of TO, without its record).
 * </ul>
 *
 * <p>Not thread-safe: one move, one thread.
 */
final class QueueMove {

    private static final ObjectReader JSON = JsonFormat.mapper().reader().with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

    /** How many dead letters are read at a time. */
    private static final int DEAD_LETTER_BATCH = 100;

    private final JsonDataQueue from;

    private final JsonDataQueue to;

    private final MovedCopies copies;

    private final Consumer<String> warnings;

    private final MoveCheckpoint checkpoint;

    private long messages;

    private long deadLetters;

    private long alreadyInTarget;

    private final Set<String> deadLettersLeft = new HashSet<>();

    /**
     * @param from the source, opened so that it never dead-letters a message for its attempts
     *     (a move does not handle messages, and its own interruptions count attempts)
     * @param copies the copies already in {@code to}
     * @param warnings where a line about a message that needs attention goes
     */
    QueueMove(JsonDataQueue from, JsonDataQueue to, MovedCopies copies, Consumer<String> warnings,
            MoveCheckpoint checkpoint) {
        this.from = from;
        this.to = to;
        this.copies = copies;
        this.warnings = warnings;
        this.checkpoint = checkpoint;
    }

    /** What a move did. */
    record Result(long messages, long deadLetters, long alreadyInTarget) {

        /** Every message and dead letter that left FROM for TO. */
        long moved() {
            return messages + deadLetters;
        }
    }

    /**
     * Moves waiting messages, then (if asked) dead letters, oldest first.
     *
     * @param limit the most to move in all
     * @param timeout how long to wait for each next waiting message; zero to move only what is due
     * @param withDeadLetters whether to move FROM's dead letters too, after its waiting messages
     * @throws IpsyncException naming the message and both queues when a step fails; what was moved
     *     stays moved, and the message in hand stays in FROM
     */
    Result run(long limit, Duration timeout, boolean withDeadLetters) throws InterruptedException {
        while (moved() < limit && moveNextMessage(timeout)) {
            // one message each
        }
        if (withDeadLetters && moved() < limit) {
            moveDeadLetters(limit);
        }
        return new Result(messages, deadLetters, alreadyInTarget);
    }

    private long moved() {
        return messages + deadLetters;
    }

    private boolean moveNextMessage(Duration timeout) throws InterruptedException {
        Optional<ReceivedMessage> received = from.receive(timeout);
        if (received.isEmpty()) {
            return false;
        }
        try (ReceivedMessage message = received.get()) { // given back, uncounted, if not acknowledged
            MessageMetadata metadata = message.metadata();
            String source = copies.sourceOf(metadata.name());
            checkpoint.reached(MoveCheckpoint.Step.CLAIMED, metadata.name());
            if (copies.isCopyFromSource(metadata.headers())) {
                throw new IpsyncException("Stopped at " + metadata.name() + ", which was moved into " + from.location()
                        + " from " + from.location() + " itself: " + to.location() + " is the same queue under another name");
            }
            if (copies.contains(source)) {
                alreadyInTarget++;
            } else {
                if (metadata.attempt() > 1 && !copies.canSearch()) {
                    warnings.accept(metadata.name() + " came back from a consumer that stopped while holding it (attempt "
                            + metadata.attempt() + "); " + to.location() + " cannot be searched, so if that was an "
                            + "interrupted move it now holds the message twice (" + MovedCopies.HEADER + "=" + source + ")");
                }
                put(message.payload().bytes(), metadata.headers(), source, metadata.name());
                checkpoint.reached(MoveCheckpoint.Step.PUT, metadata.name());
            }
            try {
                message.acknowledge();
            } catch (IpsyncException e) {
                throw new IpsyncException("Moved " + metadata.name() + " into " + to.location() + " but cannot remove it from "
                        + from.location() + " (" + e.getMessage() + "); it goes back to " + from.location()
                        + (copies.canSearch() ? ", and the next move finds its copy" : ", and a next move puts it again"), e);
            }
            messages++;
            checkpoint.reached(MoveCheckpoint.Step.ACKNOWLEDGED, metadata.name());
        }
        return true;
    }

    private void moveDeadLetters(long limit) throws InterruptedException {
        if (!copies.canSearch() && from.deadLetters().count() > 0) {
            warnings.accept(to.location() + " cannot be searched: a dead letter that an interrupted move put there before "
                    + "removing it from " + from.location() + " is put there again");
        }
        while (moved() < limit) {
            List<DeadLetter> batch = from.deadLetters().list(deadLettersLeft.size() + DEAD_LETTER_BATCH);
            List<DeadLetter> movable = batch.stream().filter(letter -> !deadLettersLeft.contains(letter.id())).toList();
            if (movable.isEmpty()) {
                return;
            }
            for (DeadLetter letter : movable) {
                if (moved() >= limit) {
                    return;
                }
                moveDeadLetter(letter);
            }
        }
    }

    private void moveDeadLetter(DeadLetter letter) throws InterruptedException {
        String why = letter.content() == null ? "its content cannot be read" : notJson(letter.content());
        if (why != null) {
            deadLettersLeft.add(letter.id());
            warnings.accept("left the dead letter " + letter.id() + " in " + from.location() + ": " + why);
            return;
        }
        String source = copies.sourceOf(letter.messageId());
        if (copies.contains(source)) {
            alreadyInTarget++;
        } else {
            put(letter.content(), letter.headers(), source, letter.id());
            checkpoint.reached(MoveCheckpoint.Step.DEAD_LETTER_PUT, letter.messageId());
        }
        if (!from.deadLetters().purge(letter.id())) {
            warnings.accept("the dead letter " + letter.id() + " left " + from.location()
                    + " while it was being moved (re-driven or purged by someone else)");
        }
        deadLetters++;
        checkpoint.reached(MoveCheckpoint.Step.DEAD_LETTER_PURGED, letter.messageId());
    }

    /** Puts a copy into TO: the bytes as they are, the headers and the source. */
    private void put(byte[] content, Map<String, String> headers, String source, String messageId) {
        Map<String, String> withSource = new LinkedHashMap<>(headers);
        withSource.remove(MovedCopies.HEADER); // moved before: where it comes from now
        withSource.put(MovedCopies.HEADER, source);
        Object value = content.length == 0 ? null : new RawValue(new String(content, StandardCharsets.UTF_8));
        try {
            to.put(value, withSource);
        } catch (IllegalArgumentException | IpsyncException e) {
            throw new IpsyncException("Cannot put " + messageId + " of " + from.location() + " into " + to.location()
                    + ": " + e.getMessage() + "; it stays in " + from.location(), e);
        }
    }

    /** Why the bytes are not one JSON value, or {@code null} when they are (empty bytes are null). */
    private static String notJson(byte[] content) {
        if (content.length == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() == null) {
                return "it holds no JSON value";
            }
            parser.skipChildren();
            return parser.nextToken() == null ? null : "it holds more than one JSON value";
        } catch (JacksonException e) {
            return "it is not JSON (" + FailureReporter.oneLine(e.getOriginalMessage()) + ")";
        }
    }
}
