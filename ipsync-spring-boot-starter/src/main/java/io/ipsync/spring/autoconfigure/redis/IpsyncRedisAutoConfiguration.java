package io.ipsync.spring.autoconfigure.redis;

import io.ipsync.redis.RedisTransport;
import io.ipsync.spring.autoconfigure.IpsyncAutoConfiguration;
import io.ipsync.spring.autoconfigure.IpsyncProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * Auto-configuration of ipsync's Redis transport, where {@code io.ipsync:ipsync-redis} is on the
 * class path: a {@link RedisTransport} bean and the resolver that puts channels on it, so that
 * {@code ipsync.transport=redis} (or a channel entry's own {@code transport: redis}) keeps
 * channels on the Redis server that Spring Boot's {@code spring.data.redis.*} properties, or its
 * Redis connection details, name.
 */
@AutoConfiguration(before = IpsyncAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(RedisTransport.class)
@ConditionalOnBooleanProperty(name = "ipsync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IpsyncProperties.class)
@Import({RedisConnectionConfigurations.FromDataRedisConnectionDetails.class, RedisConnectionConfigurations.FromProperties.class,
        RedisTransportConfiguration.class})
@ImportRuntimeHints(IpsyncRedisRuntimeHints.class)
public final class IpsyncRedisAutoConfiguration {
}
