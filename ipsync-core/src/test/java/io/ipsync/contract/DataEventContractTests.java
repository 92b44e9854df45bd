package io.ipsync.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import io.ipsync.MalformedJsonException;
import io.ipsync.MessageTooLargeException;
import io.ipsync.spi.ValueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every transport's data events keep (see {@link ValueChannel}): the latest whole
 * value, every listener told of changes, values replaced before a look never seen. A transport's
 * test module extends this class with its {@link TransportFixture}.
 */
@Timeout(120)
public abstract class DataEventContractTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final DataEventOptions LATER_VALUES = DataEventOptions.builder().fireOnInit(false).build();

    /** The transport under test. */
    protected abstract TransportFixture fixture();

    private JsonDataEvent open(ChannelAddress address, DataEventOptions options) {
        return JsonDataEvent.open(address, options, fixture().transport());
    }

    @Test
    void aListenerOpenedLaterReadsTheLatestValue() {
        ChannelAddress address = fixture().newDataEvent("latest");
        try (JsonDataEvent publisher = open(address, LATER_VALUES)) {
            assertThat(publisher.latest()).isEmpty();
            publisher.signal(Map.of("currency", "EUR"));
            publisher.signal(Map.of("currency", "CHF"));
            try (JsonDataEvent reader = open(address, DataEventOptions.DEFAULTS)) {
                assertThat(reader.latest()).get().extracting(payload -> payload.asNode().get("currency").asString())
                        .isEqualTo("CHF");
            }
        }
    }

    @Test
    void aWaitingListenerGetsTheNewValueAndEveryListenerIsTold() throws Exception {
        ChannelAddress address = fixture().newDataEvent("wait");
        try (JsonDataEvent first = open(address, LATER_VALUES); JsonDataEvent second = open(address, LATER_VALUES);
                JsonDataEvent publisher = open(address, LATER_VALUES)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch waiting = new CountDownLatch(2);
                Future<Optional<JsonPayload>> firstGot = threads.submit(() -> {
                    waiting.countDown();
                    return first.await(WAIT);
                });
                Future<Optional<JsonPayload>> secondGot = threads.submit(() -> {
                    waiting.countDown();
                    return second.await(WAIT);
                });
                waiting.await();
                publisher.signal(42);
                assertThat(firstGot.get(WAIT.toSeconds(), TimeUnit.SECONDS)).get().extracting(p -> p.as(Integer.class))
                        .isEqualTo(42);
                assertThat(secondGot.get(WAIT.toSeconds(), TimeUnit.SECONDS)).get().extracting(p -> p.as(Integer.class))
                        .isEqualTo(42);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void valuesReplacedBeforeALookAreNeverSeenOnlyTheLatest() throws Exception {
        ChannelAddress address = fixture().newDataEvent("replaced");
        try (JsonDataEvent listener = open(address, LATER_VALUES); JsonDataEvent publisher = open(address, LATER_VALUES)) {
            for (int i = 1; i <= 5; i++) {
                publisher.signal(i);
            }
            assertThat(listener.await(Integer.class)).isEqualTo(5);
            assertThat(listener.await(Duration.ofMillis(300))).as("no change since").isEmpty();
        }
    }

    @Test
    void aValueLargerThanTheMaximumIsRefusedAtPublishAndTheLatestStays() {
        ChannelAddress address = fixture().newDataEvent("too-large");
        DataEventOptions small = DataEventOptions.builder().fireOnInit(false).maxValueSize(100).build();
        try (JsonDataEvent publisher = open(address, small)) {
            publisher.signal("fits");
            assertThatThrownBy(() -> publisher.signal("x".repeat(200))).isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining(publisher.location()).hasMessageContaining("maximum is 100 bytes");
            assertThat(publisher.latest()).get().extracting(value -> value.as(String.class)).isEqualTo("fits");
        }
    }

    @Test
    void nullIsAValue() throws Exception {
        ChannelAddress address = fixture().newDataEvent("null");
        try (JsonDataEvent listener = open(address, LATER_VALUES); JsonDataEvent publisher = open(address, LATER_VALUES)) {
            publisher.signal(null);
            Optional<JsonPayload> value = listener.await(WAIT);
            assertThat(value).get().extracting(JsonPayload::isNull).isEqualTo(true);
        }
    }

    @Test
    void aMalformedValueFailsItsWaitNamingTheChannelAndTheNextValueIsRead() throws Exception {
        ChannelAddress address = fixture().newDataEvent("malformed");
        try (JsonDataEvent listener = open(address, LATER_VALUES);
                ValueChannel raw = fixture().transport().openValue(address, DataEventOptions.DEFAULTS);
                JsonDataEvent publisher = open(address, LATER_VALUES)) {
            raw.publish("{\"broken\": ".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> listener.await(WAIT)).isInstanceOf(MalformedJsonException.class)
                    .hasMessageContaining(listener.location());
            publisher.signal("fine");
            assertThat(listener.await(String.class)).isEqualTo("fine");
        }
    }

    @Test
    void cancelWaitEndsAWaitInProgress() throws Exception {
        ChannelAddress address = fixture().newDataEvent("cancel");
        try (JsonDataEvent listener = open(address, LATER_VALUES)) {
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                CountDownLatch waiting = new CountDownLatch(1);
                Future<Optional<JsonPayload>> got = thread.submit(() -> {
                    waiting.countDown();
                    return listener.await(Duration.ofMinutes(10));
                });
                waiting.await();
                WaitEnder.repeatUntilDone(listener::cancelWait, got);
                assertThat(got.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
            } finally {
                thread.shutdownNow();
            }
        }
    }
}
