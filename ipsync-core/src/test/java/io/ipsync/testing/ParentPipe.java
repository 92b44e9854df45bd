package io.ipsync.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child side of {@link ChildJvm}: reports go to the test as lines on standard output,
 * commands come from the test as lines on standard input.
 *
 * <p>Connecting also makes sure the child never outlives its test: the child halts when its
 * standard input ends (the test JVM is gone) and when its hard timeout passes (the test hangs).
 * Nothing else may read standard input or write to standard output in a child.
 *
 * <p>Thread-safe.
 */
public final class ParentPipe {

    /** Exit code of a child whose test went away. */
    public static final int EXIT_PARENT_GONE = 97;

    /** Exit code of a child that ran into its hard timeout. */
    public static final int EXIT_HARD_TIMEOUT = 98;

    private static ParentPipe connected;

    private final Object lock = new Object();

    /** Guarded by {@link #lock}. */
    private final Set<String> received = new HashSet<>();

    /** Guarded by {@link #lock}. */
    private final Map<String, List<Runnable>> actions = new HashMap<>();

    private final long pid = ProcessHandle.current().pid();

    private ParentPipe() {
    }

    /** Connects this child to its test, once per JVM; later calls return the same pipe. */
    public static synchronized ParentPipe connect() {
        if (connected == null) {
            connected = new ParentPipe();
            connected.startCommandReader();
            connected.startHardTimeout(Duration.ofMillis(Long.getLong(ChildJvm.HARD_TIMEOUT_PROPERTY,
                    ChildJvm.DEFAULT_HARD_TIMEOUT.toMillis())));
        }
        return connected;
    }

    /** This child's process id. */
    public long pid() {
        return pid;
    }

    /** Sends one line to the test. */
    public void report(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /** Runs {@code action} on the command reader thread when the test sends {@code command} (at once if it already did). */
    public void onCommand(String command, Runnable action) {
        boolean alreadyReceived;
        synchronized (lock) {
            actions.computeIfAbsent(command, c -> new ArrayList<>()).add(action);
            alreadyReceived = received.contains(command);
        }
        if (alreadyReceived) {
            action.run();
        }
    }

    /**
     * Waits until the test sent {@code command} (returns at once if it already did). Without that
     * command it waits until the child is killed or halts.
     */
    public void awaitCommand(String command) throws InterruptedException {
        synchronized (lock) {
            while (!received.contains(command)) {
                lock.wait();
            }
        }
    }

    private void startCommandReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    dispatch(line);
                }
            } catch (IOException e) {
                System.err.println("Cannot read commands from the test: " + e);
            }
            System.err.println("The test closed this child's standard input: halting");
            Runtime.getRuntime().halt(EXIT_PARENT_GONE);
        }, "parent-pipe-commands");
        reader.setDaemon(true);
        reader.start();
    }

    private void dispatch(String command) {
        List<Runnable> toRun;
        synchronized (lock) {
            received.add(command);
            lock.notifyAll();
            toRun = List.copyOf(actions.getOrDefault(command, List.of()));
        }
        toRun.forEach(Runnable::run);
    }

    /** The child's own watchdog: not a synchronisation, a guarantee that a hung test leaves no process behind. */
    private void startHardTimeout(Duration hardTimeout) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(hardTimeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("Hard timeout of " + hardTimeout + " passed: halting");
            Runtime.getRuntime().halt(EXIT_HARD_TIMEOUT);
        }, "parent-pipe-hard-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
