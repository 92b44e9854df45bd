/**
 * The managed polling executor: listener containers that run handlers for queues, events and
 * data events on named background threads, with start, stop within a bound, pause and resume.
 * Frameworks (the ipsync Spring Boot starter) adapt these containers; applications without a
 * framework use {@link io.ipsync.listener.ListenerContainers} directly.
 */
package io.ipsync.listener;
