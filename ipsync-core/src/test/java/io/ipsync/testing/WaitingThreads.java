package io.ipsync.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a test when a thread has really started to wait, so that it can then act on the wait
 * (cancel it, signal it, stop its container) without sleeping and hoping.
 */
public final class WaitingThreads {

    /**
     * Where every ipsync wait on the file system ends up: the watcher's wait, parked on the watch
     * service (the leader) or on a change counter (the others).
     */
    public static final String CHANGE_WAIT = "io.ipsync.file.DirectoryWatcher";

    private WaitingThreads() {
    }

    /**
     * Waits (at most 30 s) until {@code thread} is parked ({@code WAITING} or
     * {@code TIMED_WAITING}) inside {@code className.methodName}.
     */
    public static void awaitParkedIn(Thread thread, String className, String methodName) {
        await("thread " + thread.getName() + " parked in " + className + "." + methodName)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> isParkedIn(thread, className, methodName));
    }

    /** Waits until {@code thread} is parked in a file-system wait of ipsync. */
    public static void awaitWaitingForChange(Thread thread) {
        awaitParkedIn(thread, CHANGE_WAIT, "awaitChange");
    }

    /**
     * Runs {@code wait} on the executor and returns once the thread running it is parked in a
     * file-system wait of ipsync (or the wait has already ended, which the caller's assertions
     * on the result then reveal).
     */
    public static <T> Future<T> startWaiting(ExecutorService executor, Callable<T> wait) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Future<T> result = executor.submit(() -> {
            thread.set(Thread.currentThread());
            return wait.call();
        });
        await("a background wait to begin")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> result.isDone()
                        || (thread.get() != null && isParkedIn(thread.get(), CHANGE_WAIT, "awaitChange")));
        return result;
    }

    /**
     * Whether {@code thread} is parked ({@code WAITING} or {@code TIMED_WAITING}), or blocked in
     * the kernel's {@code poll(2)} on inotify (a native call: {@code RUNNABLE} to the JVM; Java
     * 22+ with native access), in the method named.
     */
    public static boolean isParkedIn(Thread thread, String className, String methodName) {
        Thread.State state = thread.getState();
        StackTraceElement[] stack = thread.getStackTrace();
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || (state == Thread.State.RUNNABLE && Arrays.stream(stack).anyMatch(WaitingThreads::isNativePoll));
        return waiting && Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().equals(className) && frame.getMethodName().equals(methodName));
    }

    /** The frame of ipsync's native wait for file-system notifications (see InotifyDescriptors.await). */
    private static boolean isNativePoll(StackTraceElement frame) {
        return frame.getClassName().equals("io.ipsync.file.Inotify") && frame.getMethodName().equals("poll");
    }

    /** The names of the live threads whose names start with {@code prefix}. */
    public static List<String> liveThreadNames(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .toList();
    }

    /** The live threads whose names equal {@code name}. */
    public static List<Thread> liveThreadsNamed(String name) {
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        return all.keySet().stream().filter(Thread::isAlive).filter(t -> t.getName().equals(name)).toList();
    }
}
