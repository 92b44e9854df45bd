package io.ipsync.process;

/**
 * The message the process tests put on queues: an id the test knows, and the process that put it.
 *
 * @param id unique within one test
 * @param producerPid the process id of the producer
 */
public record Job(int id, long producerPid) {
}
