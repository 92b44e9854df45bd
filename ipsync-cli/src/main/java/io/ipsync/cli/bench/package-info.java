/**
 * {@code ipsync bench}: the scenarios of issue 4 in real processes, beside the bare file
 * system's limit, and those of the Redis issue beside bare Lettuce loops on the same server
 * ({@link io.ipsync.cli.bench.RedisTarget}). {@link io.ipsync.cli.bench.BenchCommand} is the command; each
 * {@link io.ipsync.cli.bench.ScenarioRun} starts {@link io.ipsync.cli.bench.BenchChild}
 * processes through {@link io.ipsync.cli.bench.ChildJvm}, which report back one line of JSON
 * each; {@link io.ipsync.cli.bench.ResultTable} and {@link io.ipsync.cli.bench.JsonReport} print
 * the figures.
 */
package io.ipsync.cli.bench;
