package io.ipsync.redis;

import io.ipsync.internal.Durations;
import io.ipsync.spi.TransportSettings;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Redis transport's settings for one channel: which server, which keys, how long a consumer's
 * claims are leased, and the bounds of every call to the server. Options that every transport
 * honours (attempts, back-off, sizes, JSON) are in {@link io.ipsync.QueueOptions},
 * {@link io.ipsync.EventOptions} and {@link io.ipsync.DataEventOptions}.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder()
 *         .server(RedisURI.create("rediss://app:secret@redis.example.com:6380/2"))
 *         .keyPrefix("shop:")
 *         .commandTimeout(Duration.ofSeconds(2))
 *         .build();
 * JsonDataQueue orders = JsonDataQueue.open(new ChannelAddress("redis", "orders", settings), QueueOptions.DEFAULTS);
 * }</pre>
 *
 * <h2>A Redis Cluster</h2>
 * A cluster is named by some of its nodes, the seeds, from which the client learns the others and
 * which node serves which hash slot: {@link Builder#cluster(String...)}. Each channel's keys share
 * one hash slot (see the package documentation), so every command and Lua script of a channel
 * goes to the one master that serves it; channels spread over the masters by their names.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder()
 *         .cluster("redis://app:secret@redis-1.example.com:6379", "redis://redis-2.example.com:6379")
 *         .build();
 * }</pre>
 *
 * As a channel address: {@code redis-cluster://[user:password@]host:port[,host:port...]/<channel>}
 * ({@code rediss-cluster://} for TLS), see {@link RedisTransport#parseAddress}.
 *
 * <p>Immutable; build one with {@link #builder()}, starting from the {@code DEFAULT_*} values. The
 * server and seed nodes are kept as private copies of the {@link RedisURI}s given, so changing
 * those objects later changes nothing here. {@link #toString()} never shows a password.
 */
public final class RedisSettings implements TransportSettings {

    /** The Redis transport's id. */
    public static final String TRANSPORT = "redis";

    /** The server a channel uses when none is given. */
    public static final String DEFAULT_SERVER = "redis://localhost:6379";

    /** What every key of a channel starts with, inside its hash tag: {@code {ipsync:orders}:stream}. */
    public static final String DEFAULT_KEY_PREFIX = "ipsync:";

    /** The longest a single blocking read waits on the server before the waiter looks around again. */
    public static final Duration DEFAULT_BLOCK_SLICE = Duration.ofSeconds(2);

    /** The longest a command waits for the server's answer. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** The longest a connection attempt (including its handshake) may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The most messages a consumer claims ahead of its handlers while a backlog lasts. */
    public static final int DEFAULT_PREFETCH = 32;

    /** The settings every channel starts from. */
    public static final RedisSettings DEFAULTS = builder().build();

    private final RedisURI server;
    private final List<RedisURI> clusterSeeds;
    private final String keyPrefix;
    private final String key;
    private final Duration lease;
    private final Duration blockSlice;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final int prefetch;

    private RedisSettings(Builder builder) {
        this.server = RedisUris.copy(builder.server);
        this.clusterSeeds = builder.clusterSeeds.stream().map(RedisUris::copy).toList();
        this.keyPrefix = builder.keyPrefix;
        this.key = builder.key;
        this.lease = builder.lease;
        this.blockSlice = builder.blockSlice;
        this.prefetch = builder.prefetch;
        this.commandTimeout = builder.commandTimeout;
        this.connectTimeout = builder.connectTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.server = server;
        builder.clusterSeeds = clusterSeeds;
        builder.keyPrefix = keyPrefix;
        builder.key = key;
        builder.lease = lease;
        builder.blockSlice = blockSlice;
        builder.prefetch = prefetch;
        builder.commandTimeout = commandTimeout;
        builder.connectTimeout = connectTimeout;
        return builder;
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    /**
     * The server: host and port, or Sentinel nodes and master id, with database, TLS
     * ({@code rediss://}) and credentials (a password, or an ACL user and password). For a
     * {@linkplain #isCluster() cluster}, its first seed node, whose TLS, credentials and client
     * name every connection to a node of the cluster uses. A fresh copy on every call.
     */
    public RedisURI server() {
        return RedisUris.copy(server);
    }

    /** Whether the channel is on a Redis Cluster, named by its {@link #clusterSeeds()}. */
    public boolean isCluster() {
        return !clusterSeeds.isEmpty();
    }

    /**
     * The seed nodes of the Redis Cluster the channel is on, or an empty list for a single server
     * (or one found through Sentinels). Fresh copies on every call.
     */
    public List<RedisURI> clusterSeeds() {
        return clusterSeeds.stream().map(RedisUris::copy).toList();
    }

    /**
     * The server as log lines and errors name it, never with a password: {@code redis://app@host:6380/2},
     * {@code redis-sentinel://host:26379,host:26379#master}, {@code redis-cluster://app@host:6379,host:6379}.
     */
    public String serverDescription() {
        return isCluster() ? RedisUris.describeCluster(clusterSeeds) : RedisUris.describe(server);
    }

    /** Equal for two settings exactly when one client serves both (credentials included). Never printed. */
    String connectionKey() {
        return isCluster() ? RedisUris.clusterConnectionKey(clusterSeeds) : RedisUris.connectionKey(server);
    }

    /** What a channel's keys start with inside their hash tag, unless {@link #key()} replaces prefix and name. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * The key base used instead of {@linkplain #keyPrefix() prefix} plus channel name, or
     * {@code null} for that default: with key {@code legacy-orders}, the queue's stream is
     * {@code {legacy-orders}:stream}. For channels whose name cannot carry the key wanted, or
     * several names that must share one channel.
     */
    public String key() {
        return key;
    }

    /**
     * How long a consumer's claim lasts without renewal, or {@code null} to take the queue's
     * {@link io.ipsync.QueueOptions#reclaimInterval() reclaim interval}. A live consumer renews its
     * claims long before they run out; the claims of a consumer that died come back to the others
     * within this time (see the package documentation for the exact rule).
     */
    public Duration lease() {
        return lease;
    }

    /** The lease for a queue with the given reclaim interval: {@link #lease()} if set, else that interval. */
    public Duration leaseOr(Duration reclaimInterval) {
        return lease != null ? lease : reclaimInterval;
    }

    /**
     * The longest one blocking read ({@code XREADGROUP BLOCK}, {@code XREAD BLOCK}) waits before
     * the waiter looks around again; waits of any length are made of such slices. Waiters are
     * woken at once by new messages, signals and {@code wakeUpWaiters()}; the slice bounds how long
     * a waiter on a server that stopped answering goes unaware of it (plus the command timeout).
     */
    public Duration blockSlice() {
        return blockSlice;
    }

    /**
     * The longest a command waits for the server's answer before it fails with an
     * {@link java.io.IOException} naming the channel and the server. A command that timed out may
     * still have taken effect on the server (a put may be stored after all).
     */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * The longest a connection attempt, handshake included, takes before the call that needed it
     * fails. Connections are made on demand, so a call while the server is down fails within
     * this plus the {@linkplain #commandTimeout() command timeout}.
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The most messages one claim of a consumer takes from the server while a backlog lasts, to
     * hand out one by one to the following claims (one round trip for many messages rather than
     * one each). A consumer starts by taking what it is asked for and doubles the amount after
     * each take that found as many messages as it asked for, up to this; a take that finds fewer
     * starts again from what is asked. Messages taken ahead are this consumer's: renewed with its
     * other claims, given back (their attempt not counted) when the channel closes, and handed to
     * no other consumer meanwhile. A consumer that dies holding some counts an attempt for each,
     * as for the message it was handling. {@code 1} takes only what is asked for: the fairest
     * sharing of a backlog among consumers with slow handlers.
     */
    public int prefetch() {
        return prefetch;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisSettings that && connectionKey().equals(that.connectionKey())
                && keyPrefix.equals(that.keyPrefix) && Objects.equals(key, that.key) && Objects.equals(lease, that.lease)
                && blockSlice.equals(that.blockSlice) && commandTimeout.equals(that.commandTimeout)
                && connectTimeout.equals(that.connectTimeout) && prefetch == that.prefetch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionKey(), keyPrefix, key, lease, blockSlice, commandTimeout, connectTimeout, prefetch);
    }

    @Override
    public String toString() {
        return "RedisSettings[server=" + serverDescription() + ", keyPrefix=" + keyPrefix + (key == null ? "" : ", key=" + key)
                + ", lease=" + (lease == null ? "reclaimInterval" : lease) + ", blockSlice=" + blockSlice
                + ", commandTimeout=" + commandTimeout + ", connectTimeout=" + connectTimeout + ", prefetch=" + prefetch + "]";
    }

    /** Builds {@link RedisSettings}; every setter validates its argument at once. */
    public static final class Builder {

        private RedisURI server = RedisURI.create(DEFAULT_SERVER);
        private List<RedisURI> clusterSeeds = List.of();
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private String key;
        private Duration lease;
        private Duration blockSlice = DEFAULT_BLOCK_SLICE;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int prefetch = DEFAULT_PREFETCH;

        private Builder() {
        }

        /**
         * The server, a single one or one found through Sentinels (instead of a cluster set
         * before); copied, so later changes to {@code server} do not reach these settings.
         */
        public Builder server(RedisURI server) {
            Objects.requireNonNull(server, "server");
            if (server.getSentinels().isEmpty() && server.getHost() == null && server.getSocket() == null) {
                throw new IllegalArgumentException("The Redis server " + RedisUris.describe(server)
                        + " names neither a host, a socket nor Sentinel nodes");
            }
            this.server = RedisUris.copy(server);
            this.clusterSeeds = List.of();
            return this;
        }

        /** The server as a URI such as {@code redis://localhost:6379}, {@code rediss://user:password@host:6380/1}. */
        public Builder server(String uri) {
            Objects.requireNonNull(uri, "uri");
            try {
                return server(RedisURI.create(uri));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not a Redis server URI: " + RedisUris.withoutUserInfo(uri), e);
            }
        }

        /**
         * A Redis Cluster (instead of a server set before), found through these seed nodes: a
         * few of its nodes, masters or replicas, from which the client learns the rest. Each a
         * host and port with database 0 (the only one a cluster has); all alike in TLS,
         * credentials and client name, which the first one's say for every node. Copied.
         *
         * @throws IllegalArgumentException when there is no seed, or one breaks these rules
         */
        public Builder cluster(List<RedisURI> seeds) {
            Objects.requireNonNull(seeds, "seeds");
            List<RedisURI> copies = new ArrayList<>(seeds.size());
            for (RedisURI seed : seeds) {
                copies.add(RedisUris.copy(Objects.requireNonNull(seed, "seed")));
            }
            RedisUris.requireClusterSeeds(copies);
            this.clusterSeeds = List.copyOf(copies);
            this.server = copies.get(0);
            return this;
        }

        /** A Redis Cluster found through these seed nodes; see {@link #cluster(List)}. */
        public Builder cluster(RedisURI... seeds) {
            return cluster(Arrays.asList(seeds));
        }

        /**
         * A Redis Cluster found through these seed nodes, as URIs such as
         * {@code redis://app:secret@node-1:6379}, {@code rediss://node-2:6380}; see {@link #cluster(List)}.
         */
        public Builder cluster(String... uris) {
            List<RedisURI> seeds = new ArrayList<>(uris.length);
            for (String uri : uris) {
                Objects.requireNonNull(uri, "uri");
                try {
                    seeds.add(RedisURI.create(uri));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Not a Redis cluster node URI: " + RedisUris.withoutUserInfo(uri), e);
                }
            }
            return cluster(seeds);
        }

        /** What keys start with inside their hash tag; may be empty, must not contain braces. */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            this.keyPrefix = ChannelKeys.requireNoBraces(keyPrefix, "keyPrefix");
            return this;
        }

        /** The key base used instead of prefix and channel name; {@code null} for the default. */
        public Builder key(String key) {
            if (key != null) {
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("key must not be empty; leave it null for prefix and channel name");
                }
                ChannelKeys.requireNoBraces(key, "key");
            }
            this.key = key;
            return this;
        }

        /** The claim lease; {@code null} (the default) for the queue's reclaim interval. At least 100 ms. */
        public Builder lease(Duration lease) {
            if (lease != null) {
                Durations.requirePositive(lease, "lease");
                if (lease.toMillis() < 100) {
                    throw new IllegalArgumentException("lease must be at least 100 ms but was " + lease);
                }
            }
            this.lease = lease;
            return this;
        }

        /** At least 10 ms. */
        public Builder blockSlice(Duration blockSlice) {
            Durations.requirePositive(blockSlice, "blockSlice");
            if (blockSlice.toMillis() < 10) {
                throw new IllegalArgumentException("blockSlice must be at least 10 ms but was " + blockSlice);
            }
            this.blockSlice = blockSlice;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = Durations.requirePositive(commandTimeout, "commandTimeout");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Durations.requirePositive(connectTimeout, "connectTimeout");
            return this;
        }

        /** From 1 (take only what is asked for) to 1,000; see {@link RedisSettings#prefetch()}. */
        public Builder prefetch(int prefetch) {
            if (prefetch < 1 || prefetch > 1000) {
                throw new IllegalArgumentException("prefetch must be from 1 to 1000 but was " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        public RedisSettings build() {
            return new RedisSettings(this);
        }
    }
}
