package io.ipsync.spring.core;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import java.util.List;

/**
 * Thrown when {@link IpsyncOperations} is asked to send to a channel name that no entry of the
 * kind asked for has. The message names the channels of that kind that are configured, and says
 * so when the name is a channel of another kind.
 */
public class UnknownChannelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String channelName;

    private final transient List<String> knownNames;

    /**
     * @param channelName the name asked for
     * @param kind the kind of channel it was asked as
     * @param otherKind the channel of that name, of another kind, or {@code null}
     * @param knownNames the configured channels of {@code kind}
     */
    public UnknownChannelException(String channelName, ChannelKind kind, ChannelDefinition otherKind,
            List<String> knownNames) {
        super(message(channelName, kind, otherKind, knownNames));
        this.channelName = channelName;
        this.knownNames = List.copyOf(knownNames);
    }

    /** The name asked for. */
    public String getChannelName() {
        return channelName;
    }

    /** The names of the configured channels of the kind asked for, in configuration order. */
    public List<String> getKnownNames() {
        return knownNames;
    }

    private static String message(String name, ChannelKind kind, ChannelDefinition otherKind, List<String> known) {
        String what = otherKind != null
                ? "'" + name + "' is " + withArticle(otherKind.kind()) + " (" + otherKind.kind().propertyPrefix() + "."
                        + name + "), not " + withArticle(kind)
                : "No " + kind.description() + " named '" + name + "' is configured under " + kind.propertyPrefix();
        String choices = known.isEmpty()
                ? "no " + kind.description() + " is configured"
                : "the configured " + kind.description() + "s are " + String.join(", ", known);
        return what + "; " + choices;
    }

    private static String withArticle(ChannelKind kind) {
        return (kind == ChannelKind.EVENT ? "an " : "a ") + kind.description();
    }
}
