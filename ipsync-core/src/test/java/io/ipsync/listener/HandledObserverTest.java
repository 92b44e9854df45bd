package io.ipsync.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.QueueObserver;
import io.ipsync.QueueOptions;
import io.ipsync.Settlement;
import io.ipsync.file.FileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's observer hears of each handling by a listener container, after its settlement: the
 * container's id, the message, the settlement, what the handler threw and how long it took; every
 * observer of {@link QueueObserver#all} hears of it.
 */
class HandledObserverTest {

    private static final FileSettings HOURLY_POLL = FileSettings.builder().pollInterval(Duration.ofHours(1)).build();

    @TempDir
    Path dir;

    /** One handling as an observer heard of it. */
    record Handled(String listenerId, MessageMetadata message, Settlement settlement, Throwable failure,
            Duration handlingTime) {
    }

    @Test
    void eachHandlingIsObservedWithTheListenerIdAndTheSettlement() throws Exception {
        BlockingQueue<Handled> first = new LinkedBlockingQueue<>();
        BlockingQueue<Handled> second = new LinkedBlockingQueue<>();
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(2)
                .backOff(BackOff.none())
                .observer(QueueObserver.all(List.of(recording(first), recording(second))))
                .build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options, HOURLY_POLL)) {
            String good = queue.put("good");
            String poison = queue.put("poison");
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                if (message.payload().as(String.class).equals("poison")) {
                    throw new IllegalStateException("cannot handle poison");
                }
            }, ContainerOptions.builder("order-handler").build());
            container.start();
            try {
                List<Handled> heard = List.of(next(first), next(first), next(first));

                assertThat(heard).allSatisfy(handled -> {
                    assertThat(handled.listenerId()).isEqualTo("order-handler");
                    assertThat(handled.handlingTime()).isPositive();
                });
                assertThat(heard).filteredOn(handled -> handled.message().name().equals(good)).singleElement()
                        .satisfies(handled -> {
                            assertThat(handled.settlement()).isEqualTo(Settlement.ACKNOWLEDGED);
                            assertThat(handled.failure()).isNull();
                        });
                assertThat(heard).filteredOn(handled -> handled.message().name().equals(poison))
                        .extracting(Handled::settlement)
                        .containsExactly(Settlement.RETRY_SCHEDULED, Settlement.DEAD_LETTERED);
                assertThat(heard).filteredOn(handled -> handled.message().name().equals(poison))
                        .allSatisfy(handled -> assertThat(handled.failure()).hasMessage("cannot handle poison"));
                assertThat(List.of(next(second), next(second), next(second))).extracting(Handled::settlement)
                        .containsExactlyInAnyOrderElementsOf(heard.stream().map(Handled::settlement).toList());
            } finally {
                container.stop();
            }
        }
    }

    @Test
    void eachMessageOfABatchIsObservedWithItsOwnSettlement() throws Exception {
        BlockingQueue<Handled> heard = new LinkedBlockingQueue<>();
        QueueOptions options = QueueOptions.builder().maxAttempts(1).observer(recording(heard)).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options, HOURLY_POLL)) {
            queue.putAll(List.of("a", "b", "c"));
            ListenerContainer container = ListenerContainers.forQueueBatches(queue, batch -> {
                if (batch.size() == 3) {
                    throw new BatchFailedException(1, new IllegalStateException("b is bad"));
                }
            }, 10, ContainerOptions.builder("batcher").build());
            container.start();
            try {
                List<Handled> first = List.of(next(heard), next(heard), next(heard));
                assertThat(first).extracting(handled -> handled.message().attempt()).containsOnly(1);
                assertThat(first).extracting(Handled::settlement)
                        .containsExactly(Settlement.ACKNOWLEDGED, Settlement.DEAD_LETTERED, Settlement.RELEASED);
                assertThat(first.get(1).failure()).hasMessage("b is bad");
                assertThat(first).allSatisfy(handled -> assertThat(handled.listenerId()).isEqualTo("batcher"));
                assertThat(next(heard).settlement()).as("c, given back, comes again alone").isEqualTo(Settlement.ACKNOWLEDGED);
            } finally {
                container.stop();
            }
        }
    }

    private static QueueObserver recording(BlockingQueue<Handled> heard) {
        return new QueueObserver() {
            @Override
            public void handled(String listenerId, MessageMetadata message, Settlement settlement, Throwable failure,
                    Duration handlingTime) {
                heard.add(new Handled(listenerId, message, settlement, failure, handlingTime));
            }
        };
    }

    private static Handled next(BlockingQueue<Handled> heard) throws InterruptedException {
        Handled handled = heard.poll(30, TimeUnit.SECONDS);
        assertThat(handled).as("a handling heard of within 30 s").isNotNull();
        return handled;
    }
}
