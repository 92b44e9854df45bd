package io.ipsync;

import io.ipsync.file.FileSettings;
import io.ipsync.spi.TransportSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a channel lives: a transport, a location within it and the transport's settings.
 *
 * <pre>{@code
 * ChannelAddress.file(Path.of("/dev/shm/shop/orders"))                   // a queue directory
 * ChannelAddress.parse("redis://localhost:6379/orders")                  // a channel on a Redis server
 * new ChannelAddress("redis", "orders", RedisSettings.builder()...build())
 * }</pre>
 *
 * @param transport the transport's id ({@code file}, {@code redis})
 * @param location where the channel is within the transport: a file or directory for files, the
 *     channel's name for a server
 * @param settings the transport's settings for this channel, or {@code null} for its defaults
 */
public record ChannelAddress(String transport, String location, TransportSettings settings) {

    /** The id of the file transport. */
    public static final String FILE = FileSettings.TRANSPORT;

    public ChannelAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(location, "location");
        if (transport.isBlank() || location.isBlank()) {
            throw new IllegalArgumentException("A channel address needs a transport and a location, but was '" + transport
                    + "' and '" + location + "'");
        }
        if (settings != null && !settings.transport().equals(transport)) {
            throw new IllegalArgumentException("Settings of the " + settings.transport()
                    + " transport cannot address a channel of the " + transport + " transport (" + location + ")");
        }
    }

    /** A file or directory with the file transport's default settings. */
    public static ChannelAddress file(Path path) {
        return file(path, FileSettings.DEFAULTS);
    }

    /** A file or directory with the given file settings. */
    public static ChannelAddress file(Path path, FileSettings settings) {
        Objects.requireNonNull(path, "path");
        return new ChannelAddress(FILE, path.toAbsolutePath().normalize().toString(), settings);
    }

    /**
     * Reads an address as the command line takes it: a URI of an installed transport's scheme
     * ({@code redis://host:6379/orders}), otherwise a file path.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ChannelAddress parse(String text) {
        return Transports.looksLikeUri(text) ? Transports.installed().parse(text) : file(Path.of(text));
    }

    /** {@code transport:location}, without secrets. */
    @Override
    public String toString() {
        return transport + ":" + location;
    }
}
