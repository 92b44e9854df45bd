package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.TransportHealth;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spi.ValueChannel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second transport for the command line's tests, found by the service loader like any other:
 * {@code relay://user:password@host/<absolute path>} addresses a channel that the file transport
 * keeps at that path. It lets the tests run what the commands do with an address that is not a
 * file (options refused, passwords kept out of sight, a move across transports, a target that
 * cannot be searched: its queues refuse {@code headerValues}) without a server. Its id is not {@code file}, so the commands treat it as
 * any other transport.
 */
public final class RelayTransport implements TransportProvider {

    static final String ID = "relay";

    private static final FileSettings SETTINGS = FileSettings.builder().createDirectory(true).build();

    /** How many times this JVM made one: the service loader makes one when it looks for transports. */
    static final AtomicInteger CREATED = new AtomicInteger();

    public RelayTransport() {
        CREATED.incrementAndGet();
    }

    /** The address of the channel at {@code path}, as a user would type it, with a password. */
    static String address(Path path) {
        return ID + "://mover:s3cret-pw@relay.example:7000" + path.toAbsolutePath().normalize().toUri().getRawPath();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(ID);
    }

    @Override
    public ChannelAddress parseAddress(URI uri) {
        if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new IllegalArgumentException("A relay address needs an absolute path: " + uri);
        }
        return new ChannelAddress(ID, uri.getPath(), null);
    }

    @Override
    public QueueChannel openQueue(ChannelAddress address, QueueOptions options) throws IOException {
        return new UnsearchableQueueChannel(FileTransport.INSTANCE.openQueue(file(address), options));
    }

    @Override
    public SignalChannel openSignal(ChannelAddress address, EventOptions options) throws IOException {
        return FileTransport.INSTANCE.openSignal(file(address), options);
    }

    @Override
    public ValueChannel openValue(ChannelAddress address, DataEventOptions options) throws IOException {
        return FileTransport.INSTANCE.openValue(file(address), options);
    }

    @Override
    public TransportHealth health(ChannelAddress address, ChannelKind kind) {
        return FileTransport.INSTANCE.health(file(address), kind);
    }

    private static ChannelAddress file(ChannelAddress address) {
        if (!address.transport().equals(ID)) {
            throw new IllegalArgumentException("Not a relay address: " + address);
        }
        return ChannelAddress.file(Path.of(address.location()), SETTINGS);
    }
}
