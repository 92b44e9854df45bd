package io.ipsync.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Prepares a {@code @SpringBootTest} of an application that uses ipsync, so that its channels live
 * where no other test context, and no other run, can see them:
 * <ul>
 * <li>{@code ipsync.base-dir} is a fresh temporary directory of the test context's own, removed
 * with everything in it when the context closes (after its listeners stopped and its channels
 * closed);
 * <li>{@code ipsync.redis.key-prefix} is a fresh prefix of the context's own
 * ({@code ipsync-test-<random>:}), so that contexts on one Redis server never see each other's
 * messages; their keys stay on the server;
 * <li>where the property {@code ipsync-test.redis-url} is set (for
 * example {@code -Dipsync-test.redis-url=redis://localhost:6379} in the build's test
 * configuration, or from a {@code @DynamicPropertySource}), Spring Boot's
 * {@code spring.data.redis.url} takes its value, so that channels on the Redis transport use that
 * test server rather than the one {@code application.yml} names;
 * <li>an {@link IpsyncTestHarness} bean is there to be injected: it waits until a message was
 * handled or dead-lettered, reads dead letters, and watches events.
 * </ul>
 *
 * <pre>{@code
 * @SpringBootTest
 * @IpsyncTest
 * class OrderWorkerTests {
 *
 *     @Autowired IpsyncTestHarness ipsync;
 *
 *     @Test
 *     void aBadOrderIsDeadLettered() {
 *         String id = ipsync.put("orders", new Order("A-1", 0));
 *         DeadLetter dead = ipsync.awaitDeadLettered("orders", id, Duration.ofSeconds(10));
 *         assertThat(dead.reason()).contains("quantity 0");
 *     }
 * }
 * }</pre>
 *
 * <p>These properties win over {@code application.yml}, profile-specific files, environment
 * variables and system properties; the test's own inlined properties
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource(properties = ...)}) and
 * {@code @DynamicPropertySource} win over them.
 *
 * <p><b>Context caching.</b> Contexts of tests with this annotation are cached as Spring caches any
 * test context: test classes with the same configuration share one context, and with it its base
 * directory, key prefix and the harness's record of what happened. Wait for the messages a test
 * put itself, by their ids, and such sharing does not matter; where a test needs a context no
 * other test has touched, mark it {@code @DirtiesContext}. The directory is removed when the
 * context closes: when {@code @DirtiesContext} closes it, when the cache evicts it, or when the
 * test JVM ends.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(IpsyncTestContextCustomizerFactory.class)
@ImportAutoConfiguration(IpsyncTestAutoConfiguration.class)
public @interface IpsyncTest {
}
