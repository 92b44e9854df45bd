package io.ipsync.listener;

import io.ipsync.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ordering keys a container has messages of in hand, each with the messages of that key that
 * wait behind the one being handled, in the order they were taken.
 *
 * <p>Invariant: a key is in {@link #lanes} exactly while one thread handles a message of it; that
 * thread, and only it, takes the key's waiting messages one by one ({@link #next}) and removes the
 * key when none is left. So a key's messages are never handled by two threads at once, and always
 * in the order they were {@linkplain #admit admitted}. Thread-safe.
 */
final class KeyLanes {

    private final int maxWaiting;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition roomMade = lock.newCondition();

    /** Guarded by {@link #lock}. */
    private final Map<String, ArrayDeque<ReceivedMessage>> lanes = new HashMap<>();

    /** Messages waiting behind their key's in all lanes. Guarded by {@link #lock}. */
    private int waiting;

    KeyLanes(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /**
     * Waits up to the timeout until fewer than the maximum messages wait behind their keys.
     *
     * @return whether there is room
     */
    boolean awaitRoom(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (waiting >= maxWaiting) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = roomMade.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A message just taken: the one to handle now (its key is free, which it now holds, or it has
     * no key), or {@code null} when it waits behind its key's message in hand.
     */
    ReceivedMessage admit(ReceivedMessage message) {
        String key = message.metadata().orderingKey();
        if (key == null) {
            return message;
        }
        lock.lock();
        try {
            ArrayDeque<ReceivedMessage> lane = lanes.get(key);
            if (lane == null) {
                lanes.put(key, new ArrayDeque<>());
                return message;
            }
            lane.add(message);
            waiting++;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a message of {@code key} was handled: the next one of its key, which the calling thread
     * handles next; {@code null} when none waits, and the key is free.
     */
    ReceivedMessage next(String key) {
        lock.lock();
        try {
            ArrayDeque<ReceivedMessage> lane = lanes.get(key);
            ReceivedMessage next = lane == null ? null : lane.poll();
            if (next == null) {
                lanes.remove(key);
                return null;
            }
            waiting--;
            roomMade.signalAll();
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Frees {@code key}, returning the messages that waited behind it, in order (the container stops taking work). */
    List<ReceivedMessage> free(String key) {
        lock.lock();
        try {
            ArrayDeque<ReceivedMessage> lane = lanes.remove(key);
            List<ReceivedMessage> rest = lane == null ? List.of() : new ArrayList<>(lane);
            waiting -= rest.size();
            roomMade.signalAll();
            return rest;
        } finally {
            lock.unlock();
        }
    }
}
