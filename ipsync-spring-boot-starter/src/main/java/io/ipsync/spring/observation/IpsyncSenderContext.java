package io.ipsync.spring.observation;

import io.ipsync.spring.channel.ChannelKind;
import io.micrometer.observation.transport.SenderContext;
import java.util.Map;
import java.util.Objects;

/**
 * The context of one send of the {@link io.ipsync.spring.core.IpsyncTemplate}: a queue message put,
 * an event signalled or a data-event value published. Its carrier is the message's header map:
 * a tracer's propagator writes the trace context there ({@code traceparent} with W3C
 * propagation), and the message is stored with it. Events and data events carry no headers, so
 * what is written for them is not sent.
 */
public class IpsyncSenderContext extends SenderContext<Map<String, String>> {

    private final String templateName;

    private final String destination;

    private final ChannelKind destinationKind;

    /**
     * @param templateName the template's bean name
     * @param destination the channel's entry name
     * @param destinationKind the channel's kind
     * @param headers the message's headers, which the propagator adds to: must be modifiable
     */
    @SuppressWarnings("this-escape")
    public IpsyncSenderContext(String templateName, String destination, ChannelKind destinationKind,
            Map<String, String> headers) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                if (value == null) {
                    carrier.remove(key);
                } else {
                    carrier.put(key, value);
                }
            }
        });
        this.templateName = Objects.requireNonNull(templateName, "templateName");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.destinationKind = Objects.requireNonNull(destinationKind, "destinationKind");
        setCarrier(Objects.requireNonNull(headers, "headers"));
        setRemoteServiceName("ipsync");
    }

    /** The bean name of the template that sends. */
    public String getTemplateName() {
        return templateName;
    }

    /** The entry name of the channel sent to. */
    public String getDestination() {
        return destination;
    }

    /** The kind of the channel sent to. */
    public ChannelKind getDestinationKind() {
        return destinationKind;
    }

    /** The headers the message is stored with, with what the propagator added. */
    public Map<String, String> getHeaders() {
        return getCarrier();
    }
}
