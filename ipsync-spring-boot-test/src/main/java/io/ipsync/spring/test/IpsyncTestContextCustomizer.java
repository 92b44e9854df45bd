package io.ipsync.spring.test;

import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives one test context a fresh base directory, removed when the context closes, a fresh Redis
 * key prefix, and, where {@value #REDIS_URL_PROPERTY} is set, that Redis server (see
 * {@link IpsyncTest}).
 *
 * <p>Part of the context's cache key: every instance equals every other, so contexts that differ
 * in nothing else are one cached context, and a context with {@code @IpsyncTest} is never the one
 * of a test without it. The directory and the prefix are made when a context is made, not when
 * this customizer is: they belong to the context, not to its cache key.
 */
final class IpsyncTestContextCustomizer implements ContextCustomizer {

    /** The test Redis server's URL, for every context with {@code @IpsyncTest}. */
    static final String REDIS_URL_PROPERTY = "ipsync-test.redis-url";

    static final String BASE_DIR_PROPERTY = "ipsync.base-dir";

    static final String KEY_PREFIX_PROPERTY = "ipsync.redis.key-prefix";

    static final String PROPERTY_SOURCE_NAME = "ipsyncTest";

    /**
     * Where Spring's test framework puts the test's own properties ({@code @DynamicPropertySource},
     * inlined {@code properties}); ours go right after them, before everything else.
     */
    private static final Set<String> TEST_PROPERTY_SOURCES = Set.of("Dynamic Test Properties", "Inlined Test Properties");

    private static final String DIRECTORY_REMOVAL = "ipsyncTestBaseDirectoryRemoval";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        TemporaryBaseDirectory directory = TemporaryBaseDirectory.create();
        // Registered before any bean exists, so it is destroyed after all of them: the listeners
        // have stopped and the channels are closed when the directory goes.
        if (!(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry beans)) {
            directory.delete();
            throw new IllegalStateException("@IpsyncTest cannot remove its base directory when a context with a bean"
                    + " factory of type " + context.getBeanFactory().getClass().getName() + " closes");
        }
        beans.registerDisposableBean(DIRECTORY_REMOVAL, directory::delete);
        ConfigurableEnvironment environment = context.getEnvironment();
        addAfterTestProperties(environment.getPropertySources(), new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(
                BASE_DIR_PROPERTY, directory.path().toString(),
                KEY_PREFIX_PROPERTY, "ipsync-test-" + randomHex() + ":")));
        addAfterTestProperties(environment.getPropertySources(), new TestRedisUrlPropertySource(environment));
    }

    /** After the last of the test's own property sources there are now, or first where there are none. */
    private static void addAfterTestProperties(MutablePropertySources sources, PropertySource<?> source) {
        String last = null;
        for (PropertySource<?> present : sources) {
            if (TEST_PROPERTY_SOURCES.contains(present.getName())) {
                last = present.getName();
            }
        }
        if (last == null) {
            sources.addFirst(source);
        } else {
            sources.addAfter(last, source);
        }
    }

    private static String randomHex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public String toString() {
        return "IpsyncTestContextCustomizer";
    }
}
