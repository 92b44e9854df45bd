package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.annotation.IpsyncListener;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.core.IpsyncOperations;
import io.ipsync.spring.core.RequestReply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * sendAndReceive on Redis, with a real {@code redis-server}: two requesters each get their own
 * replies through their own reply queue ({@code <key>-<instance>}), whose keys are deleted when
 * the requester stops.
 */
class IpsyncRedisRequestReplyTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path baseDir;

    record Quote(String item, String requester) {
    }

    static class Pricing {
        @IpsyncListener("prices")
        Quote quote(Quote request) {
            return new Quote(request.item() + ":priced", request.requester());
        }
    }

    @BeforeEach
    void emptyServer() {
        redis.commands().flushall();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.transport=redis",
                        "spring.data.redis.url=" + redis.uri(), "ipsync.queues.prices=prices",
                        "ipsync.queues.replies=replies", "ipsync.template.reply-queue=replies");
    }

    @Test
    void twoRequestersGetTheirOwnRepliesAndTheirReplyQueuesAreDeletedOnShutdown() {
        String[] instances = new String[2];
        runner().withBean(Pricing.class).run(pricing -> {
            assertThat(pricing).hasNotFailed();
            runner().run(first -> runner().run(second -> {
                IpsyncOperations a = first.getBean(IpsyncOperations.class);
                IpsyncOperations b = second.getBean(IpsyncOperations.class);
                for (int i = 0; i < 5; i++) {
                    assertThat(a.sendAndReceive("prices", new Quote("tea-" + i, "a"), Quote.class, PATIENCE))
                            .isEqualTo(new Quote("tea-" + i + ":priced", "a"));
                    assertThat(b.sendAndReceive("prices", new Quote("cake-" + i, "b"), Quote.class, PATIENCE))
                            .isEqualTo(new Quote("cake-" + i + ":priced", "b"));
                }
                instances[0] = first.getBean(RequestReply.class).instance();
                instances[1] = second.getBean(RequestReply.class).instance();
                assertThat(redis.commands().keys("*replies-" + instances[0] + "*")).isNotEmpty();
                assertThat(redis.commands().keys("*replies-" + instances[1] + "*")).isNotEmpty();
            }));
        });
        assertThat(redis.commands().keys("*replies-*")).as("the requesters' reply queues are gone").isEmpty();
    }
}
