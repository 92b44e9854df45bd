package io.ipsync.spring.autoconfigure;

import java.time.Duration;

/**
 * Settings of the channels that the Redis transport keeps ({@code ipsync.redis.*}). The connection
 * itself is Spring Boot's: {@code spring.data.redis.*}.
 */
public class IpsyncRedisProperties {

    /**
     * Prefix of every Redis key of ipsync's channels; channels of applications that share a server
     * but not their channels need different prefixes.
     */
    private String keyPrefix = "ipsync:";

    /**
     * How long a consumer's claim on a message lasts without renewal: a live consumer renews its
     * claims well before, however long it handles a message; a dead one's messages come back to
     * the others this long after it died. When not set, the queue's reclaim interval.
     */
    private Duration lease;

    /**
     * Longest time a waiting consumer or listener blocks in one read on the server before it
     * reads again; shorter makes stops quicker, longer saves round trips while idle.
     */
    private Duration blockTime = Duration.ofSeconds(1);

    /**
     * Most messages one consumer takes from the server at once while a backlog lasts, handing them
     * to its listener threads one by one without a round trip each (held, renewed and given back
     * on close like any claim meanwhile). 1 shares a backlog most fairly among consumers with
     * slow listeners; more drains faster.
     */
    private int prefetch = 32;

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Duration getBlockTime() {
        return blockTime;
    }

    public void setBlockTime(Duration blockTime) {
        this.blockTime = blockTime;
    }

    public int getPrefetch() {
        return prefetch;
    }

    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }
}
