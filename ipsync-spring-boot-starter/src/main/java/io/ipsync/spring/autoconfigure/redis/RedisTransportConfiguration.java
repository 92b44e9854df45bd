package io.ipsync.spring.autoconfigure.redis;

import io.ipsync.redis.RedisSettings;
import io.ipsync.redis.RedisTransport;
import io.ipsync.spring.autoconfigure.IpsyncProperties;
import io.ipsync.spring.autoconfigure.IpsyncRedisProperties;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.function.BiFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Redis transport bean, on the application's Lettuce {@link ClientResources} (Spring Boot's
 * where {@code spring-boot-data-redis} made them, otherwise ipsync's own, shut down with the
 * context after the transport), and the resolver that puts configured channels on it.
 */
@Configuration(proxyBeanMethods = false)
class RedisTransportConfiguration {

    /** Only where the application has none: the transport shares, and never shuts down, those it is given. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean(ClientResources.class)
    DefaultClientResources ipsyncRedisClientResources() {
        return DefaultClientResources.create();
    }

    /**
     * Channels without settings of their own take the server from the connection, key prefix,
     * lease, block time and prefetch from {@code ipsync.redis.*}, and the command and connect timeouts from
     * {@code spring.data.redis.timeout} and {@code connect-timeout} (ipsync's bounded defaults
     * where those are not set). Closed with the context, before the client resources.
     */
    @Bean
    @ConditionalOnMissingBean
    RedisTransport ipsyncRedisTransport(RedisConnection connection, IpsyncProperties properties, Environment environment,
            ClientResources clientResources) {
        RedisSettings defaults = settings(connection, properties.getRedis(), RedisConnectionProperties.bind(environment));
        return new RedisTransport(defaults, clientResources, connection.clientOptions());
    }

    @Bean
    @ConditionalOnMissingBean
    RedisChannelAddressResolver ipsyncRedisChannelAddressResolver(RedisTransport transport) {
        return new RedisChannelAddressResolver(transport);
    }

    /** The transport's default settings; a value the transport refuses fails naming its property. */
    static RedisSettings settings(RedisConnection connection, IpsyncRedisProperties redis, RedisConnectionProperties spring) {
        RedisSettings.Builder settings = connection.settings();
        apply(settings, "ipsync.redis.key-prefix", redis.getKeyPrefix(), RedisSettings.Builder::keyPrefix);
        if (redis.getLease() != null) {
            apply(settings, "ipsync.redis.lease", redis.getLease(), RedisSettings.Builder::lease);
        }
        apply(settings, "ipsync.redis.block-time", redis.getBlockTime(), RedisSettings.Builder::blockSlice);
        apply(settings, "ipsync.redis.prefetch", redis.getPrefetch(), RedisSettings.Builder::prefetch);
        if (spring.getTimeout() != null) {
            apply(settings, RedisConnectionProperties.PREFIX + ".timeout", spring.getTimeout(),
                    RedisSettings.Builder::commandTimeout);
        }
        if (spring.getConnectTimeout() != null) {
            apply(settings, RedisConnectionProperties.PREFIX + ".connect-timeout", spring.getConnectTimeout(),
                    RedisSettings.Builder::connectTimeout);
        }
        return settings.build();
    }

    private static <T> void apply(RedisSettings.Builder settings, String property, T value,
            BiFunction<RedisSettings.Builder, T, RedisSettings.Builder> setter) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(property, null, "must be set");
        }
        try {
            setter.apply(settings, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }
}
