package io.ipsync.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DeadLetter;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spring.test.TestShop.TestOrder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @IpsyncTest} with the Redis transport, on a real {@code redis-server} (skipped, saying so,
 * where it is missing; failing under {@code CI=true}): the application's own configuration (the
 * profile {@code production-redis}) names a server the tests must not reach, and
 * {@code ipsync-test.redis-url} points every context at the test server instead, each under a key
 * prefix of its own, so that two contexts on one server never see each other's messages.
 */
class IpsyncTestRedisTests {

    static final RedisServer redis = new RedisServer();

    /** What each launched class saw, by its name. */
    static final Map<String, Seen> seen = new ConcurrentHashMap<>();

    record Seen(String keyPrefix, String location, long waitingBefore) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        redis.start();
    }

    @AfterAll
    static void stopServer() {
        redis.close();
    }

    @Test
    void listenersHandleAndDeadLetterOnTheTestServerUnderAKeyPrefixOfTheContextsOwn() {
        TestClassLauncher.runAndExpectSuccess(OnRedis.class);

        Seen onRedis = seen.get("OnRedis");
        assertThat(onRedis.location()).startsWith(redis.uri());
        assertThat(onRedis.keyPrefix()).startsWith("ipsync-test-").endsWith(":");
        assertThat(redis.commands().keys("*")).contains("{" + onRedis.keyPrefix() + "orders}:stream",
                "{" + onRedis.keyPrefix() + "orders}:dead");
    }

    @Test
    void twoContextsOnOneServerDoNotSeeEachOthersMessages() {
        TestClassLauncher.runAndExpectSuccess(First.class, Second.class);

        Seen first = seen.get("First");
        Seen second = seen.get("Second");
        assertThat(second.keyPrefix()).isNotEqualTo(first.keyPrefix());
        assertThat(second.waitingBefore()).as("messages Second saw waiting after First put one").isZero();
        assertThat(redis.commands().xlen("{" + first.keyPrefix() + "parked}:stream")).isOne();
        assertThat(redis.commands().xlen("{" + second.keyPrefix() + "parked}:stream")).isOne();
    }

    /** The launched classes' way to the test server: as a build would set it, for every context. */
    abstract static class OnTestServer {

        @DynamicPropertySource
        static void testServer(DynamicPropertyRegistry registry) {
            registry.add("ipsync-test.redis-url", redis::uri);
        }

        @Autowired
        IpsyncTestHarness ipsync;

        @Value("${ipsync.redis.key-prefix}")
        String keyPrefix;

        void record() {
            long waitingBefore = ipsync.queue("parked").stats().waiting();
            ipsync.put("parked", TestOrder.of(getClass().getSimpleName(), 1));
            seen.put(getClass().getSimpleName(), new Seen(keyPrefix, ipsync.queue("orders").location(), waitingBefore));
        }
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=on-redis")
    @ActiveProfiles("production-redis")
    @IpsyncTest
    @DirtiesContext // closed while the server runs, not at the end of the test JVM
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class OnRedis extends OnTestServer {

        @Test
        void handlesAndDeadLettersOnTheTestServer() {
            String good = ipsync.put("orders", TestOrder.of("redis-1", 1));
            String bad = ipsync.put("orders", TestOrder.of("redis-2", 0));

            assertThat(ipsync.awaitHandled("orders", good, Duration.ofSeconds(30)).attempt()).isOne();
            DeadLetter dead = ipsync.awaitDeadLettered("orders", bad, Duration.ofSeconds(30));
            assertThat(dead.attempts()).isEqualTo(2);
            assertThat(dead.reason()).contains("order redis-2: quantity 0 is not positive");
            record();
        }
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=first")
    @ActiveProfiles("production-redis")
    @IpsyncTest
    @DirtiesContext // closed while the server runs, not at the end of the test JVM
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class First extends OnTestServer {

        @Test
        void leavesAMessage() {
            record();
        }
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=second")
    @ActiveProfiles("production-redis")
    @IpsyncTest
    @DirtiesContext // closed while the server runs, not at the end of the test JVM
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class Second extends OnTestServer {

        @Test
        void leavesAMessage() {
            record();
        }
    }
}
