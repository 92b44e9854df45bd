package io.ipsync.spring.observation;

import io.ipsync.spring.channel.ChannelKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one send of the template in an {@link IpsyncTemplateObservation}: the observation starts
 * (a tracer's propagator writing the trace context into a copy of the message's headers), the
 * send is made with those headers while the observation is in scope, and the observation stops
 * when the send's future completes: at once for a send made at once, after the commit for one
 * that waits for its transaction (not an error when the transaction rolls back and the send is
 * dropped). A failure of the send is the observation's error.
 */
public final class SendObservation {

    /** Set while the template puts a message it observes itself, so that the queue's bean does not observe it again. */
    private static final ThreadLocal<Boolean> TEMPLATE_SEND = new ThreadLocal<>();

    private SendObservation() {
    }

    /**
     * Makes a put of the template's that the template observes itself: a channel bean's
     * {@link ChannelSendObservations} leaves it alone.
     */
    public static <T> T byTemplate(Supplier<T> put) {
        TEMPLATE_SEND.set(Boolean.TRUE);
        try {
            return put.get();
        } finally {
            TEMPLATE_SEND.remove();
        }
    }

    /** Whether the calling thread is making a put of the template's that the template observes. */
    static boolean isTemplateSend() {
        return TEMPLATE_SEND.get() != null;
    }

    /**
     * @param registry where the observation goes
     * @param convention the application's convention, or {@code null} for the default
     * @param templateName the template's bean name
     * @param destination the channel's entry name
     * @param kind the channel's kind
     * @param headers the message's checked headers (for events and data events, none)
     * @param send makes the send with the headers it is given (which include the trace context)
     * @return what {@code send} returned
     */
    public static <T> CompletableFuture<T> observe(ObservationRegistry registry,
            IpsyncTemplateObservationConvention convention, String templateName, String destination, ChannelKind kind,
            Map<String, String> headers, Function<Map<String, String>, CompletableFuture<T>> send) {
        Map<String, String> carrier = new LinkedHashMap<>(headers);
        IpsyncSenderContext context = new IpsyncSenderContext(templateName, destination, kind, carrier);
        Observation observation = IpsyncTemplateObservation.TEMPLATE_OBSERVATION.observation(convention,
                IpsyncTemplateObservation.DefaultIpsyncTemplateObservationConvention.INSTANCE, () -> context, registry);
        observation.start();
        CompletableFuture<T> result;
        try (Observation.Scope scope = observation.openScope()) {
            result = send.apply(carrier);
        } catch (RuntimeException | Error e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        // Beside the future, not in front of it: the caller keeps the template's own future (one
        // that a rolled-back transaction cancels stays cancelled, not wrapped).
        result.whenComplete((value, failure) -> {
            if (failure != null && !(failure instanceof CancellationException)) {
                observation.error(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            observation.stop();
        });
        return result;
    }
}
