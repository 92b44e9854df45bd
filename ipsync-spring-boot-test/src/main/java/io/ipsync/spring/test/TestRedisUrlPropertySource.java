package io.ipsync.spring.test;

import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;

/**
 * {@code spring.data.redis.url} as the value of {@value IpsyncTestContextCustomizer#REDIS_URL_PROPERTY},
 * where that is set. Read when asked rather than copied when the context is customised, so that a
 * {@code @DynamicPropertySource} that sets the test server's URL works whatever order the test
 * framework customises the context in.
 *
 * <p>Its source is the name of the property it follows, not the environment it reads: Spring Boot
 * looks into property sources whose source is an environment, and would find this one there again.
 */
final class TestRedisUrlPropertySource extends PropertySource<String> {

    static final String NAME = "ipsyncTestRedisUrl";

    static final String URL_PROPERTY = "spring.data.redis.url";

    private final PropertyResolver environment;

    TestRedisUrlPropertySource(PropertyResolver environment) {
        super(NAME, IpsyncTestContextCustomizer.REDIS_URL_PROPERTY);
        this.environment = environment;
    }

    @Override
    public Object getProperty(String name) {
        if (!URL_PROPERTY.equals(name)) {
            return null;
        }
        return environment.getProperty(IpsyncTestContextCustomizer.REDIS_URL_PROPERTY);
    }
}
