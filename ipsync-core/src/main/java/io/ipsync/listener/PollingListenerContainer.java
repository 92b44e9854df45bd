package io.ipsync.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed polling executor: {@code concurrency} named threads, from the options' thread
 * factory, that each take one item from a {@link MessageSource} and hand it to a
 * {@link Dispatcher}, until stopped. It knows nothing of
 * queues or events; {@link ListenerContainers} pairs it with the source and dispatcher of each
 * channel kind.
 *
 * <p>Stopping is bounded: threads are woken, handling in progress gets the shutdown timeout, then
 * the threads are interrupted and get {@link #INTERRUPT_GRACE} more; a thread still alive after
 * that is reported and abandoned. An item taken after stop or pause began is given back, never
 * handled. A stop called while another stop is still waiting does not return at once: it waits
 * for the same threads, within the same bound, so that whoever closes the channel after it
 * (a Spring context destroying beans after its lifecycle gave up waiting) does not close it
 * under a handler that is still running. A stop called by one of the container's own listeners
 * never waits for itself, and never interrupts itself.
 */
final class PollingListenerContainer<M> implements ListenerContainer {

    /** How long threads get to end after they were interrupted. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

    private static final long WAKE_UP_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Logger log = LoggerFactory.getLogger(PollingListenerContainer.class);

    private final ContainerOptions options;

    private final MessageSource<M> source;

    private final Dispatcher<M> dispatcher;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition stateChanged = lock.newCondition();

    /** Guarded by {@link #lock}; read without it by the listener threads. */
    private volatile boolean running;

    /** Guarded by {@link #lock}; read without it by the listener threads. */
    private volatile boolean paused;

    /** Guarded by {@link #lock}. */
    private List<Thread> threads = List.of();

    /** Guarded by {@link #lock}: the threads of the stop in progress, empty when no stop waits. */
    private List<Thread> ending = List.of();

    PollingListenerContainer(ContainerOptions options, MessageSource<M> source, Dispatcher<M> dispatcher) {
        this.options = options;
        this.source = source;
        this.dispatcher = dispatcher;
    }

    @Override
    public String id() {
        return options.id();
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            // All threads are made before any starts, so that a failing thread factory leaves the
            // container stopped, with no thread running.
            List<Thread> started = new ArrayList<>(options.concurrency());
            for (int i = 1; i <= options.concurrency(); i++) {
                started.add(newThread("ipsync-" + options.id() + "-" + i));
            }
            running = true;
            started.forEach(Thread::start);
            threads = started;
            log.debug("Started listener {} on {} with {} thread(s)", options.id(), source.location(), started.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        List<Thread> stopping;
        boolean alreadyStopping;
        lock.lock();
        try {
            alreadyStopping = !running;
            if (alreadyStopping) {
                stopping = ending;
            } else {
                running = false;
                stateChanged.signalAll();
                stopping = threads;
                threads = List.of();
                ending = stopping;
            }
        } finally {
            lock.unlock();
        }
        if (alreadyStopping) {
            if (!stopping.contains(Thread.currentThread())) {
                // A listener of this container stopping it too returns at once, as its own stop would:
                // the stop in progress may be waiting for this very thread.
                awaitStopInProgress(stopping);
            }
            return;
        }
        try {
            awaitEndOrInterrupt(stopping);
        } finally {
            lock.lock();
            try {
                if (ending == stopping) {
                    ending = List.of();
                }
            } finally {
                lock.unlock();
            }
        }
        log.debug("Stopped listener {} on {}", options.id(), source.location());
    }

    /** Waits the shutdown timeout for the threads, then interrupts them and waits the grace. */
    private void awaitEndOrInterrupt(List<Thread> stopping) {
        if (!awaitEnd(stopping, options.shutdownTimeout())) {
            log.warn("Listener {} on {} did not finish within {}; interrupting its threads", options.id(),
                    source.location(), options.shutdownTimeout());
            stopping.stream().filter(thread -> thread != Thread.currentThread()).forEach(Thread::interrupt);
            if (!awaitEnd(stopping, INTERRUPT_GRACE)) {
                log.error("Listener {} on {}: threads {} ignored the interrupt and are left running", options.id(),
                        source.location(), stopping.stream().filter(Thread::isAlive).map(Thread::getName).toList());
            }
        }
    }

    /**
     * A stop while another one waits: waits for that stop's threads (which that stop interrupts
     * when its timeout passes) within the same bound, then leaves them to it.
     */
    private void awaitStopInProgress(List<Thread> stopping) {
        if (stopping.isEmpty()) {
            return;
        }
        Duration bound = options.shutdownTimeout().plus(INTERRUPT_GRACE);
        if (!awaitEnd(stopping, bound)) {
            log.warn("Listener {} on {}: stop called again while stopping; threads {} did not end within {} and are"
                    + " left running", options.id(), source.location(),
                    stopping.stream().filter(Thread::isAlive).map(Thread::getName).toList(), bound);
        }
    }

    /** Waits for the threads to end, waking the source now and then so that no poll outlasts the stop. */
    private boolean awaitEnd(List<Thread> stopping, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : stopping) {
            if (thread == Thread.currentThread()) {
                continue; // stop() called by a listener: its thread ends once the listener returns
            }
            while (thread.isAlive()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                source.wakeUp();
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, Math.min(remaining, WAKE_UP_EVERY_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
        source.wakeUp();
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            paused = false;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    /** Whether the container takes work: running and not paused. */
    boolean isAccepting() {
        return running && !paused;
    }

    /** A thread of the options' factory, named {@code name}, that runs {@link #work()}. */
    private Thread newThread(String name) {
        Thread thread = options.threadFactory().newThread(this::work);
        if (thread == null) {
            throw new IllegalStateException("Listener " + options.id() + ": its thread factory "
                    + options.threadFactory() + " returned no thread for " + name);
        }
        thread.setName(name);
        return thread;
    }

    /** One listener thread's loop. */
    private void work() {
        while (running) {
            try {
                if (awaitResumed()) {
                    M item = source.poll(options.pollTimeout());
                    if (item != null) {
                        handOver(item);
                    }
                }
            } catch (InterruptedException e) {
                if (running) {
                    log.debug("Listener thread {} interrupted while running; carrying on", Thread.currentThread().getName());
                }
            } catch (RuntimeException | Error e) {
                ErrorReporting.report(options.errorHandler(),
                        new ListenerFailure(options.id(), source.location(), e, null, null));
                waitWhileRunning(options.recoveryInterval());
            }
        }
    }

    private void handOver(M item) {
        if (running && !paused) {
            dispatcher.dispatch(item);
        } else {
            source.giveBack(item);
        }
    }

    /** Blocks while paused; returns whether the thread may take work (running and not paused). */
    private boolean awaitResumed() throws InterruptedException {
        if (!paused) {
            return running;
        }
        lock.lockInterruptibly();
        try {
            while (paused && running) {
                stateChanged.awaitNanos(options.pollTimeout().toNanos());
            }
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the given time, or less if the container stops meanwhile. */
    private void waitWhileRunning(Duration duration) {
        long remaining = duration.toNanos();
        lock.lock();
        try {
            while (running && remaining > 0) {
                remaining = stateChanged.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ListenerContainer[" + options.id() + " on " + source.location() + (running ? ", running" : "")
                + (paused ? ", paused" : "") + "]";
    }
}
