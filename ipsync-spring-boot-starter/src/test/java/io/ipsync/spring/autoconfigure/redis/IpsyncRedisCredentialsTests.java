package io.ipsync.spring.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.actuate.IpsyncEndpoint;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.autoconfigure.IpsyncEndpointAutoConfiguration;
import io.ipsync.spring.autoconfigure.IpsyncHealthContributorAutoConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server that requires a password: the password from {@code spring.data.redis.*} reaches the
 * server, and neither it nor a wrong one ever shows in the endpoint, health, exceptions or output.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpsyncRedisCredentialsTests {

    private static final String PASSWORD = "s3cr3t-Redis-pw";

    private static final String WRONG_PASSWORD = "wr0ng-Redis-pw";

    @RegisterExtension
    static final RedisServer redis = new RedisServer(List.of("--requirepass", PASSWORD));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path baseDir;

    @BeforeEach
    void emptyServer() {
        redis.commands().flushall();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class, IpsyncHealthContributorAutoConfiguration.class,
                        IpsyncEndpointAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir, "ipsync.transport=redis", "ipsync.queues.orders=orders",
                        "management.endpoints.web.exposure.include=ipsync", "spring.data.redis.timeout=2s",
                        "spring.data.redis.connect-timeout=2s");
    }

    private static Health health(AssertableApplicationContext context) {
        CompositeHealthContributor ipsync = context.getBean("ipsyncHealthContributor", CompositeHealthContributor.class);
        return ((HealthIndicator) ipsync.getContributor("orders")).health();
    }

    /** Everything ipsync shows of the application: endpoint, health, beans' descriptions. */
    private static String everythingShown(AssertableApplicationContext context) {
        return JSON.writeValueAsString(context.getBean(IpsyncEndpoint.class).channels()) + "\n"
                + JSON.writeValueAsString(health(context)) + "\n" + context.getBean(RedisTransport.class) + "\n"
                + context.getBean(RedisTransport.class).defaults() + "\n" + context.getBean("orders", JsonDataQueue.class);
    }

    private static String withCauses(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    @Test
    void aPasswordInTheUrlReachesTheServerAndShowsNowhere(CapturedOutput output) {
        runner().withPropertyValues("spring.data.redis.url=redis://:" + PASSWORD + "@127.0.0.1:" + redis.port())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonDataQueue orders = context.getBean("orders", JsonDataQueue.class);
                    orders.put("paid");
                    assertThat(orders.receive(Duration.ofSeconds(10))).hasValueSatisfying(message -> {
                        assertThat(message.payload().as(String.class)).isEqualTo("paid");
                        message.acknowledge();
                    });
                    assertThat(health(context).getStatus()).isEqualTo(Status.UP);
                    String shown = everythingShown(context);
                    assertThat(shown).contains(redis.uri() + "/orders").doesNotContain(PASSWORD);
                });
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void anAclUserAndPasswordFromTheirPropertiesReachTheServerAndOnlyTheUserShows(CapturedOutput output) {
        runner().withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                "spring.data.redis.username=default", "spring.data.redis.password=" + PASSWORD).run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("orders", JsonDataQueue.class).put("paid");
                    assertThat(redis.commands().xlen("{ipsync:orders}:stream")).isOne();
                    assertThat(context.getBean(RedisTransport.class).defaults().serverDescription())
                            .isEqualTo("redis://default@127.0.0.1:" + redis.port());
                    assertThat(everythingShown(context)).doesNotContain(PASSWORD);
                });
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordMakesTheChannelDownAndItsFailuresNameTheServerButNotThePassword(CapturedOutput output) {
        runner().withPropertyValues("spring.data.redis.url=redis://:" + WRONG_PASSWORD + "@127.0.0.1:" + redis.port())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = health(context);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(JSON.writeValueAsString(health)).contains("127.0.0.1:" + redis.port())
                            .doesNotContain(WRONG_PASSWORD);
                    assertThatThrownBy(() -> context.getBean("orders", JsonDataQueue.class).put("unpaid"))
                            .isInstanceOf(IpsyncException.class)
                            .satisfies(failure -> assertThat(withCauses(failure)).contains("127.0.0.1:" + redis.port())
                                    .doesNotContain(WRONG_PASSWORD));
                    IpsyncEndpoint.ChannelDescriptor orders = context.getBean(IpsyncEndpoint.class).channel("orders");
                    assertThat(orders.queue()).isNull();
                    assertThat(orders.problem()).isNotBlank().doesNotContain(WRONG_PASSWORD);
                    assertThat(everythingShown(context)).doesNotContain(WRONG_PASSWORD);
                });
        assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void aStartupFailureAboutTheUrlDoesNotShowThePassword(CapturedOutput output) {
        runner().withPropertyValues("spring.data.redis.url=redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/orders")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(withCauses(context.getStartupFailure())).contains("spring.data.redis.url")
                            .doesNotContain(PASSWORD);
                });
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }
}
