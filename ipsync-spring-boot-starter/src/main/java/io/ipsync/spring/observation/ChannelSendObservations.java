package io.ipsync.spring.observation;

import io.ipsync.SendInterceptor;
import io.ipsync.spring.channel.ChannelKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Observes the puts made on a queue's channel bean itself ({@code JsonDataQueue.put(value, headers)}),
 * as the template's sends are, with the same {@link IpsyncTemplateObservation} and convention
 * ({@code ipsync.template.observation-enabled}): the trace context goes into the message's
 * headers, and the observation's {@code ipsync.template.name} is the channel bean's name. A put
 * that the template makes is left to the template's own observation, so each send is observed
 * once. {@code putAll} is not observed.
 */
public final class ChannelSendObservations {

    private final ObservationRegistry registry;

    private final IpsyncTemplateObservationConvention convention;

    /**
     * @param registry where the observations go
     * @param convention the application's convention, or {@code null} for the default
     */
    public ChannelSendObservations(ObservationRegistry registry, IpsyncTemplateObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    /** The interceptor of the queue of that entry name (which is its bean's name). */
    public SendInterceptor forQueue(String name) {
        return (queue, headers, put) -> {
            if (SendObservation.isTemplateSend()) {
                return put.put(headers);
            }
            Map<String, String> carrier = new LinkedHashMap<>(headers);
            IpsyncSenderContext context = new IpsyncSenderContext(name, name, ChannelKind.QUEUE, carrier);
            return IpsyncTemplateObservation.TEMPLATE_OBSERVATION.observation(convention,
                    IpsyncTemplateObservation.DefaultIpsyncTemplateObservationConvention.INSTANCE, () -> context, registry)
                    .observe(() -> put.put(carrier));
        };
    }
}
