package io.ipsync.spring.core;

import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;

/**
 * Finds the channel bean of an entry name when a send asks for it: the bean registered for the
 * entry (or the application's own bean of that name, which replaces it), looked up in the bean
 * factory each time, so that it works whenever the channel beans were registered (at run time in
 * an application started from AOT-generated code).
 */
final class TemplateChannels {

    private final IpsyncChannels channels;

    private final BeanFactory beanFactory;

    TemplateChannels(IpsyncChannels channels, BeanFactory beanFactory) {
        this.channels = channels;
        this.beanFactory = beanFactory;
    }

    /** The channel bean of that name and kind; throws {@link UnknownChannelException} naming the known ones. */
    <T> T find(String name, ChannelKind kind, Class<T> type) {
        ChannelDefinition definition = channels.find(name).orElse(null);
        if (definition == null || definition.kind() != kind) {
            throw new UnknownChannelException(String.valueOf(name), kind, definition, names(kind));
        }
        return beanFactory.getBean(name, type);
    }

    /** Whether a queue of that name is configured. */
    boolean isQueue(String name) {
        return channels.find(name).filter(definition -> definition.kind() == ChannelKind.QUEUE).isPresent();
    }

    /** The configured channels of the kind, in configuration order. */
    List<String> names(ChannelKind kind) {
        return channels.all().stream().filter(definition -> definition.kind() == kind).map(ChannelDefinition::name).toList();
    }
}
