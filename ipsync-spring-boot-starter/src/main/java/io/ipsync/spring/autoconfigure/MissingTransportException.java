package io.ipsync.spring.autoconfigure;

import io.ipsync.IpsyncException;
import io.ipsync.spring.channel.ChannelDefinition;
import java.util.Collection;

/**
 * A configured channel is to be kept by a transport the application does not have: its module is
 * not on the class path, or the id is misspelled. Thrown at startup, before any channel opens;
 * {@link MissingTransportFailureAnalyzer} says what to change.
 */
public class MissingTransportException extends IpsyncException {

    private static final long serialVersionUID = 1L;

    /** Where ipsync's own transports are found, for the action. */
    private static final String REDIS_MODULE = "io.ipsync:ipsync-redis";

    private final String property;

    private final String transport;

    private final String action;

    /**
     * @param channel the channel whose transport is missing
     * @param property the property that chose the transport: the entry's own {@code transport}, or
     *     {@code ipsync.transport}
     * @param available the transports the application has
     */
    public MissingTransportException(ChannelDefinition channel, String property, Collection<String> available) {
        super("The " + channel.describe() + " is to be kept by the transport '" + channel.transport() + "' (" + property
                + "=" + channel.transport() + "), which this application does not have (it has " + available + ")"
                + (module(channel.transport()) == null ? "" : ": add the dependency " + module(channel.transport())));
        this.property = property;
        this.transport = channel.transport();
        String module = module(transport);
        this.action = (module == null
                ? "Set " + property + " to a transport the application has " + available
                        + ", or add the module that provides the transport '" + transport + "'."
                : "Add the dependency " + module + " to the application (it connects with the spring.data.redis.*"
                        + " properties), or set " + property + " to one of " + available + ".");
    }

    /** The property that chose the missing transport. */
    public String getProperty() {
        return property;
    }

    /** The id of the missing transport. */
    public String getTransport() {
        return transport;
    }

    /** What to change, for the failure analysis. */
    public String getAction() {
        return action;
    }

    private static String module(String transport) {
        return transport.equals("redis") ? REDIS_MODULE : null;
    }
}
