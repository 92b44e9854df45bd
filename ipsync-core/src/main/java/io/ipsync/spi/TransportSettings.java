package io.ipsync.spi;

/**
 * The settings of one transport for one channel (for files: directories, poll interval, fsync,
 * sharing; for Redis: the server, the key prefix, the lease), carried by a
 * {@link io.ipsync.ChannelAddress} beside the channel's location. Each transport has its own
 * immutable implementation; settings of another transport are refused when a channel is opened.
 *
 * <p>Implementations must keep secrets (passwords, tokens) out of {@link Object#toString()}: the
 * address of a channel is printed in log lines, exceptions and the actuator endpoint.
 */
public interface TransportSettings {

    /** The id of the transport these settings are for, as {@link TransportProvider#id()} gives it. */
    String transport();
}
