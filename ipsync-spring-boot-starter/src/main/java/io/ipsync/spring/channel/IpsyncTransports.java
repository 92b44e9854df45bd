package io.ipsync.spring.channel;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.Transports;
import io.ipsync.spi.TransportProvider;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transports an application's channels are opened through, each with the resolver of its
 * channels' addresses: the file transport always, and every transport whose
 * {@link TransportProvider} and {@link ChannelAddressResolver} beans are there (a transport's
 * beans win over one of the same id found by the service loader). Immutable.
 */
public final class IpsyncTransports {

    private final Transports transports;

    private final Map<String, ChannelAddressResolver> resolvers = new LinkedHashMap<>();

    /**
     * @param providers the application's transport beans, added to those of the service loader
     * @param resolvers the application's address resolvers, added to the one for files
     */
    public IpsyncTransports(Collection<? extends TransportProvider> providers,
            Collection<? extends ChannelAddressResolver> resolvers) {
        this.transports = Transports.installed().with(providers);
        this.resolvers.put(ChannelAddress.FILE, FileChannelAddressResolver.INSTANCE);
        for (ChannelAddressResolver resolver : resolvers) {
            this.resolvers.put(resolver.transport(), resolver);
        }
    }

    /** Files only. */
    public static IpsyncTransports filesOnly() {
        return new IpsyncTransports(List.of(), List.of());
    }

    /** The ids of the transports that channels can be configured on. */
    public Collection<String> ids() {
        return resolvers.keySet();
    }

    /**
     * The transport of a channel.
     *
     * @throws IpsyncException naming the channel and the transport, and the module to add
     */
    public TransportProvider provider(ChannelDefinition channel) {
        requireResolver(channel);
        return transports.provider(channel.transport());
    }

    /**
     * Where the channel's core object says it is ({@code JsonDataQueue.location()}), as its
     * transport names it: metrics and the endpoint find the channel by it.
     */
    public String location(ChannelDefinition channel) {
        return provider(channel).location(address(channel));
    }

    /** The address of a channel on its transport. */
    public ChannelAddress address(ChannelDefinition channel) {
        return requireResolver(channel).address(channel);
    }

    private ChannelAddressResolver requireResolver(ChannelDefinition channel) {
        ChannelAddressResolver resolver = resolvers.get(channel.transport());
        if (resolver == null) {
            String module = channel.transport().equals("redis") ? ": add the dependency io.ipsync:ipsync-redis" : "";
            throw new IpsyncException("The " + channel.describe() + " is to be kept by the transport '"
                    + channel.transport() + "', which this application does not have (it has " + resolvers.keySet() + ")"
                    + module);
        }
        return resolver;
    }
}
