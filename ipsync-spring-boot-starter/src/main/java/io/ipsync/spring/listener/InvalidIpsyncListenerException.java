package io.ipsync.spring.listener;

/**
 * An {@code @IpsyncListener} method that cannot serve: its channel is not configured, its
 * signature does not fit the channel's kind, or an attribute has an invalid value. Fails startup;
 * the message names the method, the channel and what to change.
 */
public class InvalidIpsyncListenerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String method;

    private final String channel;

    private final String action;

    public InvalidIpsyncListenerException(String method, String channel, String problem, String action) {
        super("@IpsyncListener method " + method + " (channel '" + channel + "'): " + problem);
        this.method = method;
        this.channel = channel;
        this.action = action;
    }

    /** The method, as {@code Type.method(ParameterTypes)}. */
    public String getMethod() {
        return method;
    }

    /** The channel name the annotation gives. */
    public String getChannel() {
        return channel;
    }

    /** What to change to fix it. */
    public String getAction() {
        return action;
    }
}
