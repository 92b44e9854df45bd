package io.ipsync.cli.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Percentiles of a set of latencies, in nanoseconds, as a child process reports them to the
 * bench.
 *
 * @param count how many latencies were recorded
 * @param negative how many were below zero (a clock stepped back between the two readings) and
 *     were recorded as zero
 */
record LatencySummary(long count, long negative, long p50, long p90, long p99, long p999, long max) {

    void writeTo(ObjectNode node) {
        node.put("count", count);
        node.put("negative", negative);
        node.put("p50", p50);
        node.put("p90", p90);
        node.put("p99", p99);
        node.put("p999", p999);
        node.put("max", max);
    }

    static LatencySummary readFrom(JsonNode node) {
        return new LatencySummary(node.get("count").asLong(), node.get("negative").asLong(),
                node.get("p50").asLong(), node.get("p90").asLong(), node.get("p99").asLong(),
                node.get("p999").asLong(), node.get("max").asLong());
    }
}
