/**
 * The Redis Streams transport: {@link io.ipsync.Event}, {@link io.ipsync.JsonDataEvent} and
 * {@link io.ipsync.JsonDataQueue} as streams on a Redis server (6.2 or later; tested with 7.0), a
 * server found through Sentinels, or a Redis Cluster, through
 * {@link io.ipsync.redis.RedisTransport}, configured by {@link io.ipsync.redis.RedisSettings}.
 *
 * <p>The layout every participant follows, whatever its language (keys under the channel's hash
 * tag {@code {ipsync:orders}}: {@code :stream}, {@code :retry}, {@code :dead}, {@code :swept},
 * {@code :event}, {@code :value}; the consumer group {@code ipsync}; fields {@code p} and
 * {@code h:<name>}; the lease rules; the Lua scripts in {@code io/ipsync/redis/scripts/} and their contracts; Redis
 * Cluster; durability and failures), is the project's {@code docs/redis-layout.md}. Each class
 * here states the part of it that it keeps, and each script its contract in its opening comment.
 */
package io.ipsync.redis;
