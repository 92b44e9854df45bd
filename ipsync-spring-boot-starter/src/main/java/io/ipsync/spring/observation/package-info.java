/**
 * Micrometer Observations of ipsync's sending and handling, as Spring Kafka has them for
 * {@code KafkaTemplate} and {@code @KafkaListener}: {@link io.ipsync.spring.observation.IpsyncTemplateObservation}
 * for what {@link io.ipsync.spring.core.IpsyncTemplate} sends ({@code ipsync.template.observation-enabled}),
 * {@link io.ipsync.spring.observation.IpsyncListenerObservation} for each message, signal or value a
 * listener container handles ({@code ipsync.listener.observation-enabled}). Both are off by default.
 *
 * <p>With a tracer (Micrometer Tracing with a Brave or OpenTelemetry bridge), the trace context of a
 * send travels in the queue message's headers ({@code traceparent} with W3C propagation), so the
 * process that handles the message continues the sender's trace.
 */
package io.ipsync.spring.observation;
