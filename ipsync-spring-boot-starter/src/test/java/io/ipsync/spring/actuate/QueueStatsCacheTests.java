package io.ipsync.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.IpsyncException;
import io.ipsync.QueueStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One reading of a queue's counters per time to live, whoever asks and however many ask at once. */
class QueueStatsCacheTests {

    private final AtomicLong now = new AtomicLong();

    private final AtomicInteger readings = new AtomicInteger();

    private final Function<String, QueueStats> reader = queue -> new QueueStats(readings.incrementAndGet(), null, 0, 0, 0);

    private QueueStatsCache cache(Duration timeToLive) {
        return new QueueStatsCache(reader, timeToLive, now::get);
    }

    @Test
    void readingIsSharedWithinItsTimeToLive() {
        QueueStatsCache cache = cache(Duration.ofSeconds(1));

        QueueStats first = cache.get("orders");
        now.addAndGet(Duration.ofMillis(999).toNanos());

        assertThat(cache.get("orders")).isSameAs(first);
        assertThat(readings).hasValue(1);
    }

    @Test
    void queueIsReadAgainOnceTheTimeToLivePassed() {
        QueueStatsCache cache = cache(Duration.ofSeconds(1));
        cache.get("orders");

        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cache.get("orders").waiting()).isEqualTo(2);
        assertThat(readings).hasValue(2);
    }

    @Test
    void eachQueueHasItsOwnReading() {
        QueueStatsCache cache = cache(Duration.ofSeconds(1));

        cache.get("orders");
        cache.get("invoices");
        cache.get("orders");

        assertThat(readings).hasValue(2);
    }

    @Test
    void zeroTimeToLiveReadsEveryTime() {
        QueueStatsCache cache = cache(Duration.ZERO);

        cache.get("orders");
        cache.get("orders");

        assertThat(readings).hasValue(2);
    }

    @Test
    void invalidatedQueueIsReadAgainAtOnce() {
        QueueStatsCache cache = cache(Duration.ofHours(1));
        cache.get("orders");

        cache.invalidate("orders");

        assertThat(cache.get("orders").waiting()).isEqualTo(2);
    }

    @Test
    void failedReadingIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        QueueStatsCache cache = new QueueStatsCache(queue -> {
            if (calls.incrementAndGet() == 1) {
                throw new IpsyncException("Cannot read the state of orders: the server is down");
            }
            return new QueueStats(7, null, 0, 0, 0);
        }, Duration.ofHours(1), now::get);

        assertThatThrownBy(() -> cache.get("orders")).hasMessageContaining("server is down");
        assertThat(cache.get("orders").waiting()).isEqualTo(7);
    }

    @Test
    void negativeTimeToLiveIsRefused() {
        assertThatThrownBy(() -> cache(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative").hasMessageContaining("PT-1S");
    }

    @Test
    void callersThatFindTheReadingStaleTogetherWaitForOneReading() throws Exception {
        CountDownLatch readingStarted = new CountDownLatch(1);
        CountDownLatch finishReading = new CountDownLatch(1);
        QueueStatsCache cache = new QueueStatsCache(queue -> {
            readings.incrementAndGet();
            readingStarted.countDown();
            try {
                finishReading.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new QueueStats(1, null, 0, 0, 0);
        }, Duration.ofHours(1), now::get);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<QueueStats>> results = new ArrayList<>();
            results.add(callers.submit(() -> cache.get("orders")));
            assertThat(readingStarted.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                results.add(callers.submit(() -> cache.get("orders")));
            }
            finishReading.countDown();
            for (Future<QueueStats> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS).waiting()).isEqualTo(1);
            }
            assertThat(readings).hasValue(1);
        } finally {
            callers.shutdownNow();
        }
    }
}
