package io.ipsync.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.listener.InvalidIpsyncListenerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * Replies, with real file queues shared by several application contexts as by several processes:
 * {@code @SendTo}, the reply address a message carries (only a configured queue), and
 * {@code sendAndReceive}, whose replies go to the requesting instance's own queue, so that two
 * requesters never take each other's replies, and which is deleted when the requester stops.
 */
class RequestReplyTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;

    record Order(String id) {
    }

    record Receipt(String order) {
    }

    record Quote(String item, String requester) {
    }

    static class Shop {
        @IpsyncListener("orders")
        @SendTo("receipts")
        Receipt onOrder(Order order) {
            return new Receipt(order.id());
        }

        /** Replies only where the request asks: no @SendTo. */
        @IpsyncListener(value = "prices", concurrency = "2")
        CompletableFuture<Quote> quote(Quote request) {
            return CompletableFuture.completedFuture(new Quote(request.item() + ":priced", request.requester()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ShopConfiguration {
        @Bean
        Shop shop() {
            return new Shop();
        }
    }

    private ApplicationContextRunner runner() {
        return runnerWithoutReplyQueue().withPropertyValues("ipsync.template.reply-queue=replies");
    }

    private ApplicationContextRunner runnerWithoutReplyQueue() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.queues.orders=orders",
                        "ipsync.queues.receipts=receipts", "ipsync.queues.audit=audit", "ipsync.queues.prices=prices",
                        "ipsync.queues.replies=replies");
    }

    private static ReceivedMessage receive(AssertableApplicationContext context, String queue) throws InterruptedException {
        ReceivedMessage message = context.getBean(queue, JsonDataQueue.class).receive(PATIENCE).orElse(null);
        assertThat(message).as("a message on %s within %s", queue, PATIENCE).isNotNull();
        message.acknowledge();
        return message;
    }

    @Test
    void aReturnValueGoesToTheSendToQueueWithTheRequestsCorrelation() {
        runner().withUserConfiguration(ShopConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(IpsyncOperations.class).send("orders", new Order("o-1"), Map.of(ReplyHeaders.CORRELATION_ID, "c-1"));
            ReceivedMessage receipt = receive(context, "receipts");
            assertThat(receipt.payload().as(Receipt.class)).isEqualTo(new Receipt("o-1"));
            assertThat(receipt.metadata().header(ReplyHeaders.CORRELATION_ID)).isEqualTo("c-1");
        });
    }

    @Test
    void aReplyAddressNamingAConfiguredQueueWinsOverSendToAndOneNamingNoneIsIgnored() {
        runner().withUserConfiguration(ShopConfiguration.class).run(context -> {
            IpsyncOperations ipsync = context.getBean(IpsyncOperations.class);
            ipsync.send("orders", new Order("o-2"), Map.of(ReplyHeaders.REPLY_TO, "audit"));
            assertThat(receive(context, "audit").payload().as(Receipt.class)).isEqualTo(new Receipt("o-2"));

            ipsync.send("orders", new Order("o-3"), Map.of(ReplyHeaders.REPLY_TO, "../elsewhere"));
            assertThat(receive(context, "receipts").payload().as(Receipt.class)).isEqualTo(new Receipt("o-3"));
            assertThat(Files.exists(baseDir.resolve("elsewhere"))).isFalse();
        });
    }

    @Test
    void aPlainReturnValueWithoutSendToOrReplyAddressGoesNowhere() {
        runner().withUserConfiguration(ShopConfiguration.class).run(context -> {
            JsonDataQueue prices = context.getBean("prices", JsonDataQueue.class);
            prices.put(new Quote("tea", "nobody"));
            org.awaitility.Awaitility.await().atMost(PATIENCE)
                    .until(() -> prices.size() == 0 && prices.stats().inFlight() == 0);
            for (String queue : List.of("receipts", "audit", "replies", "orders")) {
                assertThat(context.getBean(queue, JsonDataQueue.class).size()).as(queue).isZero();
            }
        });
    }

    static class ReplyingToNowhere {
        @IpsyncListener("orders")
        @SendTo("nowhere")
        Receipt onOrder(Order order) {
            return new Receipt(order.id());
        }
    }

    @Test
    void aSendToNamingNoConfiguredQueueFailsStartup() {
        runner().withBean(ReplyingToNowhere.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidIpsyncListenerException)) {
                failure = failure.getCause();
            }
            assertThat(failure).hasMessageContaining("ReplyingToNowhere.onOrder(Order)")
                    .hasMessageContaining("its @SendTo names 'nowhere', which is not a queue configured under ipsync.queues");
        });
    }

    @Test
    void twoRequestersEachGetTheirOwnRepliesThroughTheirOwnReplyQueuesWhichAreDeletedOnShutdown() {
        List<Path> requesterQueues = new ArrayList<>();
        runner().withUserConfiguration(ShopConfiguration.class).run(shop -> {
            assertThat(shop).hasNotFailed();
            runner().run(first -> runner().run(second -> {
                ExecutorService requests = Executors.newFixedThreadPool(4, runnable -> new Thread(runnable, "requester"));
                try {
                    List<Future<Quote>> replies = new ArrayList<>();
                    List<Quote> expected = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        AssertableApplicationContext requester = i % 2 == 0 ? first : second;
                        Quote request = new Quote("item-" + i, i % 2 == 0 ? "first" : "second");
                        expected.add(new Quote(request.item() + ":priced", request.requester()));
                        replies.add(requests.submit(() -> requester.getBean(IpsyncOperations.class)
                                .sendAndReceive("prices", request, Quote.class, PATIENCE)));
                    }
                    for (int i = 0; i < replies.size(); i++) {
                        assertThat(replies.get(i).get()).isEqualTo(expected.get(i));
                    }
                } finally {
                    requests.shutdownNow();
                }
                String firstInstance = first.getBean(RequestReply.class).instance();
                String secondInstance = second.getBean(RequestReply.class).instance();
                assertThat(firstInstance).isNotEqualTo(secondInstance);
                requesterQueues.add(baseDir.resolve("replies-" + firstInstance));
                requesterQueues.add(baseDir.resolve("replies-" + secondInstance));
                assertThat(requesterQueues).allMatch(Files::isDirectory);
            }));
        });
        assertThat(requesterQueues).hasSize(2).noneMatch(Files::exists);
        try (Stream<Path> left = Files.list(baseDir)) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith("replies-"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRequestNobodyAnswersTimesOut() {
        runner().run(context -> assertThatThrownBy(() -> context.getBean(IpsyncOperations.class)
                .sendAndReceive("prices", new Quote("tea", "me"), Quote.class, Duration.ofMillis(300)))
                .isInstanceOf(ReplyTimeoutException.class)
                .hasMessageContaining("on the queue 'prices' came within PT0.3S"));
    }

    @Test
    void sendAndReceiveWithoutAReplyQueueFailsSayingWhichPropertyToSet() {
        runnerWithoutReplyQueue().run(context -> assertThatThrownBy(() -> context
                .getBean(IpsyncOperations.class).sendAndReceive("prices", new Quote("tea", "me"), Quote.class, PATIENCE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ipsync.template.reply-queue"));
    }

    @Test
    void aReplyQueueThatIsNoConfiguredQueueFailsStartupNamingTheProperty() {
        runner().withPropertyValues("ipsync.template.reply-queue=nowhere").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("Property ipsync.template.reply-queue with value 'nowhere'"
                        + " is invalid: must name a queue configured under ipsync.queues"));
    }
}
