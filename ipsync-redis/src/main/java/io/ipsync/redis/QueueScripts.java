package io.ipsync.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lua scripts of one queue, with Java types. Each script checks and changes the queue in one
 * atomic step; its contract is in the opening comment of {@code scripts/<name>.lua}. The scripts
 * that settle a message change it only while it is pending, held by the given consumer at the
 * given delivery count, since {@code XACK} and {@code XCLAIM} themselves do not check who holds
 * it; otherwise they change nothing and say what they found.
 *
 * <p>Thread-safe.
 */
final class QueueScripts {

    private static final LuaScript TAKE = LuaScript.load("take");
    private static final LuaScript RENEW = LuaScript.load("renew");
    private static final LuaScript ACKNOWLEDGE = LuaScript.load("acknowledge");
    private static final LuaScript GIVE_BACK = LuaScript.load("give_back");
    private static final LuaScript DEAD_LETTER = LuaScript.load("dead_letter");
    private static final LuaScript RECLAIM = LuaScript.load("reclaim");
    private static final LuaScript REQUEUE = LuaScript.load("requeue");
    private static final LuaScript PURGE_ALL = LuaScript.load("purge_all");
    private static final LuaScript STATS = LuaScript.load("stats");
    private static final LuaScript FORGET_CONSUMER = LuaScript.load("forget_consumer");
    private static final LuaScript PUT_LATER = LuaScript.load("put_later");

    private static final byte[] GROUP = bytes(ChannelKeys.GROUP);

    private final ServerCalls calls;

    private final byte[][] keys;

    private final byte[][] fullKeys;

    private final byte[][] delayedKey;

    QueueScripts(ServerCalls calls, ChannelKeys keys) {
        this.calls = calls;
        this.keys = keys.queueScriptKeys();
        this.fullKeys = keys.fullScriptKeys();
        this.delayedKey = new byte[][] {bytes(keys.delayed()), bytes(keys.delayedFields())};
    }

    /**
     * Stores a message that no consumer takes before {@code delayMillis} from now by the server's
     * clock; returns the token it is known by until then.
     */
    String putLater(Object[] fields, long delayMillis) throws IOException {
        String token = java.util.UUID.randomUUID().toString().replace("-", "");
        byte[][] args = new byte[fields.length + 2][];
        args[0] = bytes(Long.toString(delayMillis));
        args[1] = bytes(token);
        for (int i = 0; i < fields.length; i++) {
            args[i + 2] = (byte[]) fields[i];
        }
        List<Object> reply = calls.script(PUT_LATER, "put a message for later", delayedKey, args);
        return "later-" + text(reply.get(0));
    }

    /**
     * A message taken from the stream.
     *
     * @param id its entry id
     * @param delivery its delivery count after this delivery: the attempt
     * @param fields its fields, name, value, name, value...
     */
    record Entry(String id, int delivery, List<byte[]> fields) {
    }

    /**
     * What {@link #take} took.
     *
     * @param nextDueMillis how long until the next scheduled message is due; -1 when none is
     * @param swept whether the take recorded a sweep for abandoned messages, finding none pending
     * @param entries the due messages first, then new ones, oldest first
     */
    record Taken(long nextDueMillis, boolean swept, List<Entry> entries) {
    }

    /**
     * Takes up to {@code max} messages at once, without waiting: those due for a retry, then new
     * ones; those after the first {@code handedOut} are recorded as taken ahead. With
     * {@code sweepDue}, a take that finds nothing pending in the group records a sweep.
     *
     * @throws RedisReplyException {@code NOGROUP} when the stream or its group does not exist
     */
    Taken take(String consumer, int max, int handedOut, boolean sweepDue) throws IOException {
        List<Object> reply = calls.script(TAKE, "take messages", fullKeys, GROUP, bytes(consumer),
                bytes(Integer.toString(max)), bytes(Integer.toString(handedOut)), bytes(sweepDue ? "1" : "0"));
        List<Entry> entries = new ArrayList<>(reply.size() - 2);
        for (Object item : reply.subList(2, reply.size())) {
            List<?> entry = (List<?>) item;
            entries.add(new Entry(text(entry.get(0)), (int) number(entry.get(1)), MessageFields.fromScript(entry.get(2))));
        }
        return new Taken(number(reply.get(0)), number(reply.get(1)) == 1, entries);
    }

    /**
     * Records, without waiting, that messages taken ahead were handed out: from now on they count
     * as handled by this consumer, should it die (see {@code take.lua} and {@code reclaim.lua}).
     */
    void handedOut(List<Entry> entries) {
        byte[][] ids = entries.stream().map(entry -> bytes(entry.id())).toArray(byte[][]::new);
        calls.send("record messages taken ahead as handed out", commands -> commands.hdel(keys[3], ids));
    }

    /** Renews the lease of each held message; returns the ids this consumer no longer holds. */
    List<String> renew(String consumer, List<HeldClaims.Held> held) throws IOException {
        byte[][] args = withHeld(held, GROUP, bytes(consumer));
        List<Object> reply = calls.script(RENEW, "renew the lease of " + held.size() + " claimed messages", keys, args);
        List<String> lost = new ArrayList<>(reply.size());
        for (Object id : reply) {
            lost.add(text(id));
        }
        return lost;
    }

    /**
     * Acknowledges and deletes a message; returns {@code null} when done, else what was found
     * instead. With {@code handedOutNext}, a message taken ahead that leaves the record of those
     * in the same step, done or not (see {@link Prefetch}).
     */
    String acknowledge(String consumer, String id, int delivery, Entry handedOutNext) throws IOException {
        byte[][] args = handedOutNext == null
                ? new byte[][] {GROUP, bytes(consumer), bytes(id), bytes(Integer.toString(delivery))}
                : new byte[][] {GROUP, bytes(consumer), bytes(id), bytes(Integer.toString(delivery)), bytes(handedOutNext.id())};
        List<Object> reply = calls.script(ACKNOWLEDGE, "acknowledge the message " + id, keys, args);
        return number(reply.get(0)) == 1 ? null : text(reply.get(1));
    }

    /**
     * Schedules held messages, due after the delay.
     *
     * @param counts whether the delivery counts as an attempt (a retry) or not (a release)
     * @return for each message in order {@code null} when done, else what was found instead
     */
    List<String> giveBack(String consumer, long delayMillis, boolean counts, List<HeldClaims.Held> held) throws IOException {
        byte[][] args = withHeld(held, GROUP, bytes(consumer), bytes(Long.toString(Math.max(0, delayMillis))),
                bytes(counts ? "1" : "0"));
        String action = (counts ? "schedule the retry of " : "give back ") + (held.size() == 1 ? "the message "
                + held.get(0).id() : held.size() + " messages");
        List<Object> reply = calls.script(GIVE_BACK, action, keys, args);
        List<String> results = new ArrayList<>(reply.size());
        for (Object result : reply) {
            results.add(result instanceof Long done && done == 1 ? null : text(result));
        }
        return results;
    }

    /**
     * Sets a held message aside.
     *
     * @return the dead letter's id, or {@code null} with {@code found} telling what was found instead
     */
    DeadLettered deadLetter(String consumer, String id, int delivery, String reason, String exception) throws IOException {
        List<Object> reply = calls.script(DEAD_LETTER, "dead-letter the message " + id, keys, GROUP, bytes(consumer), bytes(id),
                bytes(Integer.toString(delivery)), bytes(reason), bytes(exception == null ? "" : exception));
        return number(reply.get(0)) == 1 ? new DeadLettered(text(reply.get(1)), null) : new DeadLettered(null, text(reply.get(1)));
    }

    /** @param id the dead letter's id, or {@code null} with {@code found} telling what was found */
    record DeadLettered(String id, String found) {
    }

    /**
     * Takes back abandoned claims and forgets long-gone consumers; after a gap in the sweeps (a
     * server that paused), renews claims instead.
     *
     * @param leaseMillis the sweeper's lease, by which consumers whose names declare no lease of
     *     their own are judged
     */
    Swept reclaim(long leaseMillis, int max, long forgetConsumerAfterMillis) throws IOException {
        List<Object> reply = calls.script(RECLAIM, "take back the claims of dead consumers", fullKeys, GROUP,
                bytes(Long.toString(leaseMillis)), bytes(Integer.toString(max)),
                bytes(Long.toString(forgetConsumerAfterMillis)));
        return new Swept(number(reply.get(0)), number(reply.get(1)), number(reply.get(2)), number(reply.get(3)));
    }

    /**
     * What a sweep did.
     *
     * @param taken messages taken back from consumers that stopped renewing
     * @param removed consumers removed from the group
     * @param renewed messages renewed on their holders' behalf, as the sweep before was too long ago
     * @param sinceLastSweepMillis how long before it the last sweep was, by the server's clock; -1 for never
     */
    record Swept(long taken, long removed, long renewed, long sinceLastSweepMillis) {
    }

    /**
     * Puts a dead letter back as a new message.
     *
     * @return the new message's id; {@code null} when there is no such dead letter
     * @throws IOException when the dead letter kept no field of its message
     */
    String requeue(String deadLetterId) throws IOException {
        List<Object> reply = calls.script(REQUEUE, "re-drive the dead letter " + deadLetterId, keys, bytes(deadLetterId));
        long outcome = number(reply.get(0));
        if (outcome == -1) {
            throw calls.failure("re-drive the dead letter " + deadLetterId,
                    "it kept no field of its message (the message was deleted from the stream before it was set aside)", null);
        }
        return outcome == 1 ? text(reply.get(1)) : null;
    }

    long purgeAll() throws IOException {
        List<Object> reply = calls.script(PURGE_ALL, "purge the dead letters", keys);
        return number(reply.get(0));
    }

    /**
     * The queue's counters.
     *
     * @param length entries in the stream
     * @param pending entries pending in the group, scheduled ones included
     * @param scheduled entries held by {@value ChannelKeys#SCHEDULED}
     * @param deadLetters entries in the dead-letter stream
     * @param oldestWaitingId the oldest entry not yet delivered, or {@code null}
     * @param serverMillis the server's clock
     */
    record Counters(long length, long pending, long scheduled, long ahead, long due, long deadLetters,
            String oldestWaitingId, long serverMillis, long delayed, long delayedDue) {

        /**
         * Waiting messages: the stream's entries less those pending (handled ones are deleted), so
         * entries a foreign consumer acknowledged without deleting count as waiting; those a
         * consumer took ahead but handed to no handler yet; and the scheduled ones that are due
         * (given back unhandled, as a closing consumer does, or past their back-off), and the
         * messages put for later that are due.
         */
        long waiting() {
            return Math.max(0, length - pending) + ahead + dueNow() + Math.min(delayedDue, delayed);
        }

        /** Retries and messages put for later, not due yet. */
        long scheduledRetries() {
            return Math.max(0, scheduled - due) + Math.max(0, delayed - delayedDue);
        }

        private long dueNow() {
            return Math.min(due, scheduled);
        }

        /** Pending, handed to a handler: neither scheduled nor taken ahead. */
        long inFlight() {
            return Math.max(0, pending - scheduled - ahead);
        }

        /** As {@link io.ipsync.QueueStats}: ages by the server's clock from the time in the entry's id. */
        io.ipsync.QueueStats stats() {
            java.time.Duration oldestAge = oldestWaitingId == null ? null
                    : java.time.Duration.ofMillis(Math.max(0, serverMillis - StreamIds.millis(oldestWaitingId)));
            return new io.ipsync.QueueStats(waiting(), oldestAge, inFlight(), scheduledRetries(), deadLetters);
        }
    }

    Counters stats() throws IOException {
        List<Object> reply = calls.script(STATS, "read the counters", fullKeys, GROUP);
        String oldest = text(reply.get(4));
        return new Counters(number(reply.get(0)), number(reply.get(1)), number(reply.get(2)), number(reply.get(6)),
                number(reply.get(7)), number(reply.get(3)), oldest.isEmpty() ? null : oldest, number(reply.get(5)),
                number(reply.get(8)), number(reply.get(9)));
    }

    /** Removes the consumer from the group if it holds nothing; returns whether it did. */
    boolean forgetConsumer(String consumer) throws IOException {
        List<Object> reply = calls.script(FORGET_CONSUMER, "remove the consumer " + consumer, keys, GROUP, bytes(consumer));
        return number(reply.get(0)) == 1;
    }

    private static byte[][] withHeld(List<HeldClaims.Held> held, byte[]... first) {
        byte[][] args = new byte[first.length + held.size() * 2][];
        System.arraycopy(first, 0, args, 0, first.length);
        int i = first.length;
        for (HeldClaims.Held claim : held) {
            args[i++] = bytes(claim.id());
            args[i++] = bytes(Integer.toString(claim.delivery()));
        }
        return args;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    private static long number(Object reply) {
        if (reply instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(text(reply));
    }
}
