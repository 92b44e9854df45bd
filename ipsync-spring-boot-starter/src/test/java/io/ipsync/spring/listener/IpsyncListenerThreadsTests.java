package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipsync.JsonDataQueue;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The kind of thread a listener method runs on: platform threads named after the listener by
 * default, virtual threads with the same names where {@code spring.threads.virtual.enabled=true}
 * on Java 21 or later. The virtual-thread test is skipped, and says so, on Java 17; the build runs
 * this class once more on Java 25 where that JDK is installed (profile {@code java25-threads}).
 */
class IpsyncListenerThreadsTests {

    private static final int JAVA = Runtime.version().feature();

    @TempDir
    Path baseDir;

    static class ThreadRecordingListener {

        final BlockingQueue<Thread> handledOn = new LinkedBlockingQueue<>();

        @IpsyncListener(value = "orders", id = "orders-worker", concurrency = "2")
        void onOrder(String order) {
            handledOn.add(Thread.currentThread());
        }

        Thread nextThread() throws InterruptedException {
            Thread thread = handledOn.poll(20, TimeUnit.SECONDS);
            assertThat(thread).as("an order handled within 20 s").isNotNull();
            return thread;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {
        @Bean
        ThreadRecordingListener threadRecordingListener() {
            return new ThreadRecordingListener();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withUserConfiguration(ListenerConfiguration.class)
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders");
    }

    /** The thread an order was handled on, with virtual threads enabled or not. */
    private Thread handlingThread(boolean virtualThreadsEnabled) throws Exception {
        Thread[] handledOn = new Thread[1];
        runner().withPropertyValues("spring.threads.virtual.enabled=" + virtualThreadsEnabled).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean("orders", JsonDataQueue.class).put("A-1");
            handledOn[0] = context.getBean(ThreadRecordingListener.class).nextThread();
        });
        return handledOn[0];
    }

    @Test
    void listenersRunOnPlatformThreadsNamedAfterTheListenerByDefault() throws Exception {
        Thread thread = handlingThread(false);

        assertThat(isVirtual(thread)).as("%s is virtual", thread).isFalse();
        assertThat(thread.getName()).isIn("ipsync-orders-worker-1", "ipsync-orders-worker-2");
    }

    @Test
    void withVirtualThreadsEnabledListenersRunOnVirtualThreadsNamedAsPlatformOnesAre() throws Exception {
        assumeTrue(JAVA >= 21, () -> "virtual threads need Java 21 or later; this is Java " + JAVA);

        Thread thread = handlingThread(true);

        assertThat(isVirtual(thread)).as("%s is virtual", thread).isTrue();
        assertThat(thread.getName()).isIn("ipsync-orders-worker-1", "ipsync-orders-worker-2");
    }

    @Test
    void withVirtualThreadsEnabledOnJava17ListenersRunOnPlatformThreads() throws Exception {
        assumeTrue(JAVA < 21, () -> "Java " + JAVA + " has virtual threads");

        Thread thread = handlingThread(true);

        assertThat(isVirtual(thread)).as("%s is virtual", thread).isFalse();
        assertThat(thread.getName()).isIn("ipsync-orders-worker-1", "ipsync-orders-worker-2");
    }

    /** {@code Thread.isVirtual()}, which the Java 17 API these tests compile against does not have. */
    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        if (JAVA < 21) {
            return false;
        }
        return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
