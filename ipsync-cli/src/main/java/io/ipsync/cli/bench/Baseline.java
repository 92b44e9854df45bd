package io.ipsync.cli.bench;

/**
 * The limits of this machine that ipsync's rates are compared with: of its file system, measured
 * by {@link Scenario#BASELINE}, and of the Redis server with a bare Lettuce client, measured by
 * {@link Scenario#REDIS_BASELINE}.
 */
enum Baseline {

    /** Create, write and rename a message file: {@link BareWriteRole}. */
    WRITE(Scenario.BASELINE, "write"),

    /** List, read and delete message files: {@link BareReadRole}. */
    READ(Scenario.BASELINE, "read"),

    /** Reserve, write and publish a frame in a mapped segment: {@link BareMappedRoles#write}. */
    MAPPED_WRITE(Scenario.JOURNAL_BASELINE, "mappedWrite"),

    /** Read a frame from a mapped segment: {@link BareMappedRoles#read}. */
    MAPPED_READ(Scenario.JOURNAL_BASELINE, "mappedRead"),

    /** One {@code XADD} a round trip: {@link RedisBareAddRole} with batches of one. */
    XADD(Scenario.REDIS_BASELINE, "xadd"),

    /** {@code XADD}s pipelined, a batch a flush: {@link RedisBareAddRole}. */
    XADD_PIPELINED(Scenario.REDIS_BASELINE, "xaddPipelined"),

    /** {@code XREADGROUP COUNT n}, then {@code XACK} and {@code XDEL} for each message: {@link RedisBareDrainRole}. */
    XREADGROUP(Scenario.REDIS_BASELINE, "xreadgroup");

    /** The scenario that measures it. */
    final Scenario scenario;

    /** The key of the baseline's figure, and how the ratio column names it. */
    final String key;

    Baseline(Scenario scenario, String key) {
        this.scenario = scenario;
        this.key = key;
    }
}
