package io.ipsync.spring.listener

import io.ipsync.JsonDataQueue
import io.ipsync.MessageMetadata
import io.ipsync.spring.annotation.IpsyncListener
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.coroutines.resume
import kotlin.coroutines.suspendCoroutine
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.util.ClassUtils

/**
 * A Kotlin `suspend` listener function, compiled by the Kotlin compiler, on a real queue with
 * kotlinx-coroutines-reactor present: its message stays claimed while the function is suspended,
 * and is settled by how the function completes.
 */
class SuspendingListenerKotlinTests {

    @TempDir
    lateinit var baseDir: Path

    class Orders {
        val handled = LinkedBlockingQueue<Int>()
        val release = CompletableFuture<Unit>()
        @Volatile var failFirst = false

        @IpsyncListener("orders")
        suspend fun onOrder(order: String, metadata: MessageMetadata) {
            suspendCoroutine<Unit> { continuation -> release.thenRun { continuation.resume(Unit) } }
            if (failFirst && metadata.attempt() == 1) {
                throw IllegalStateException("first attempt of $order fails")
            }
            handled.add(metadata.attempt())
        }
    }

    @Configuration(proxyBeanMethods = false)
    class OrdersConfiguration {
        @Bean
        fun orderListener(): Orders = Orders()
    }

    @BeforeEach
    fun coroutinesPresent() {
        // present in the execution of its own (see the pom); a -Dtest run of the others' skips it
        assumeTrue(ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", null), "kotlinx-coroutines-reactor is not on the class path")
    }

    private fun runner(): ApplicationContextRunner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration::class.java, IpsyncAutoConfiguration::class.java))
        .withUserConfiguration(OrdersConfiguration::class.java)
        .withPropertyValues("ipsync.base-dir=$baseDir", "ipsync.queues.orders=orders", "ipsync.backoff.initial-interval=10ms")

    @Test
    fun aSuspendedListenersMessageStaysClaimedAndIsAcknowledgedWhenTheFunctionCompletes() {
        runner().run { context ->
            val queue = context.getBean("orders", JsonDataQueue::class.java)
            val listener = context.getBean(Orders::class.java)
            queue.put("o-1")
            await().atMost(Duration.ofSeconds(30)).until { queue.stats().inFlight() == 1L }
            assertThat(listener.handled).isEmpty()

            listener.release.complete(Unit)

            assertThat(listener.handled.poll(30, TimeUnit.SECONDS)).isEqualTo(1)
            await().atMost(Duration.ofSeconds(30)).until { queue.stats().inFlight() == 0L && queue.size() == 0L }
            assertThat(queue.stats().deadLetters()).isZero()
        }
    }

    @Test
    fun aSuspendFunctionThatThrowsHasItsMessageRetried() {
        runner().run { context ->
            val queue = context.getBean("orders", JsonDataQueue::class.java)
            val listener = context.getBean(Orders::class.java)
            listener.failFirst = true
            listener.release.complete(Unit)
            queue.put("o-2")

            assertThat(listener.handled.poll(30, TimeUnit.SECONDS)).`as`("handled on its second attempt").isEqualTo(2)
            await().atMost(Duration.ofSeconds(30)).until { queue.size() == 0L && queue.stats().inFlight() == 0L }
        }
    }
}
