package io.ipsync.spring.channel;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The channels configured under {@code ipsync.*}, by name: what listeners, health indicators,
 * metrics and the {@code ipsync} endpoint look channels up in. Immutable.
 */
public final class IpsyncChannels {

    private final Map<String, ChannelDefinition> byName;

    public IpsyncChannels(Collection<ChannelDefinition> definitions) {
        Map<String, ChannelDefinition> map = new LinkedHashMap<>();
        for (ChannelDefinition definition : definitions) {
            ChannelDefinition previous = map.putIfAbsent(definition.name(), definition);
            if (previous != null) {
                throw new IllegalArgumentException("The channel name '" + definition.name() + "' is used twice: under "
                        + previous.kind().propertyPrefix() + " and under " + definition.kind().propertyPrefix()
                        + "; channel names are bean names and must be unique");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The channel of that name, if configured. */
    public Optional<ChannelDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every channel, in configuration order. */
    public Collection<ChannelDefinition> all() {
        return byName.values();
    }

    /** Every channel's name, in configuration order. */
    public Collection<String> names() {
        return byName.keySet();
    }
}
