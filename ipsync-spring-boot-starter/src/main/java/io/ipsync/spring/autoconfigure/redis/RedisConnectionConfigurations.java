package io.ipsync.spring.autoconfigure.redis;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Where the Redis transport's server is found, tried in this order: Spring Boot's
 * {@link DataRedisConnectionDetails} bean where {@code spring-boot-data-redis} made one (from
 * {@code spring.data.redis.*} or a service connection), otherwise {@code spring.data.redis.*}
 * read by ipsync itself.
 *
 * <p>The connection is lazy: only the transport bean asks for it, so an application that defines
 * its own {@link io.ipsync.redis.RedisTransport} is not held to what ipsync's reading of
 * {@code spring.data.redis.*} accepts (a Redis Cluster, say).
 */
final class RedisConnectionConfigurations {

    private RedisConnectionConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
    static class FromDataRedisConnectionDetails {

        // The bean conditions sit on the method: they name a class of spring-boot-data-redis, read
        // only where the class condition above has found it.
        @Bean
        @Lazy
        @ConditionalOnSingleCandidate(DataRedisConnectionDetails.class)
        @ConditionalOnMissingBean
        RedisConnection ipsyncRedisConnection(DataRedisConnectionDetails connectionDetails, Environment environment) {
            return DataRedisConnections.connection(connectionDetails, RedisConnectionProperties.bind(environment));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FromProperties {

        @Bean
        @Lazy
        @ConditionalOnMissingBean
        RedisConnection ipsyncRedisConnection(Environment environment, ObjectProvider<SslBundles> sslBundles) {
            return PropertiesRedisConnections.connection(RedisConnectionProperties.bind(environment),
                    sslBundles.getIfAvailable());
        }
    }
}
