package io.ipsync.spring.channel;

import io.ipsync.ChannelAddress;

/** Channels on files live at their configured path, with their file settings. */
final class FileChannelAddressResolver implements ChannelAddressResolver {

    static final FileChannelAddressResolver INSTANCE = new FileChannelAddressResolver();

    private FileChannelAddressResolver() {
    }

    @Override
    public String transport() {
        return ChannelAddress.FILE;
    }

    @Override
    public ChannelAddress address(ChannelDefinition channel) {
        return ChannelAddress.file(channel.path(), channel.fileSettings());
    }
}
