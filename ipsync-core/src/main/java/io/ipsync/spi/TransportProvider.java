package io.ipsync.spi;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.QueueOptions;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A transport: where and how channels are stored (files in a directory on one host, streams on a
 * Redis server...). It opens the three channel kinds for an {@link ChannelAddress address} and
 * reports whether it can serve them.
 *
 * <p>Transports are found, not hard-wired: in plain Java through {@link java.util.ServiceLoader}
 * (a module lists its provider in {@code META-INF/services/io.ipsync.spi.TransportProvider}; see
 * {@link io.ipsync.Transports}), in Spring Boot as beans of this type, which win over those found
 * by the service loader for the same {@link #id()}. The file transport, id {@code file}, is always
 * there.
 *
 * <p>A transport implements storage only. Retries and their back-off, dead-letter decisions, JSON,
 * listener containers, metrics and the Spring machinery sit above the seam and are the same for
 * every transport. Every transport passes the same contract tests (the {@code ipsync-core} test
 * jar's {@code io.ipsync.contract} package).
 *
 * <p>Implementations are thread-safe. A provider created by the service loader has no state a
 * caller must release: whatever it shares between channels (a connection to a server) is released
 * when the last channel using it is closed.
 */
public interface TransportProvider {

    /** The layout a queue gets where its transport offers only one. */
    String DEFAULT_LAYOUT = "default";

    /** The transport's id, as {@code ipsync.transport} and {@link ChannelAddress#transport()} name it: {@code file}, {@code redis}. */
    String id();

    /**
     * The URI schemes of the addresses {@link #parseAddress} reads ({@code redis}, {@code rediss}),
     * so that a tool can take {@code redis://host:6379/orders} where it takes a path. Empty for none.
     */
    default Set<String> schemes() {
        return Set.of();
    }

    /**
     * Reads an address written as a URI of one of {@link #schemes()}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    default ChannelAddress parseAddress(URI uri) {
        throw new IllegalArgumentException("The " + id() + " transport takes no URI addresses: " + uri.getScheme());
    }

    /**
     * The location that a channel opened at this address reports as its {@code location()}: the
     * address's own location unless the transport says more (the server, for one with several).
     * Never secrets. Applications find their channels' log lines and metrics by it.
     */
    default String location(ChannelAddress address) {
        return address.location();
    }

    /**
     * The queue layouts this transport offers, the one a new queue gets when none is asked for
     * first. A queue's layout is fixed when it is created.
     */
    default List<String> queueLayouts() {
        return List.of(DEFAULT_LAYOUT);
    }

    /**
     * Opens a queue.
     *
     * @param options the options every transport honours (max message size, reclaim interval or
     *     lease, layout); the transport's own settings come with the address
     * @throws IllegalArgumentException when the address or its settings are not for this transport
     */
    QueueChannel openQueue(ChannelAddress address, QueueOptions options) throws IOException;

    /** Opens an event. */
    SignalChannel openSignal(ChannelAddress address, EventOptions options) throws IOException;

    /** Opens a data event. */
    ValueChannel openValue(ChannelAddress address, DataEventOptions options) throws IOException;

    /**
     * Deletes a queue with everything in it (waiting, claimed and scheduled messages, and dead
     * letters kept with it): for a queue that lives only as long as its process, such as a
     * requester's own reply queue. Close every object of the queue in this process first; another
     * process still using it sees it vanish. Deleting a queue that does not exist does nothing.
     *
     * @throws UnsupportedOperationException where the transport cannot delete queues
     */
    default void deleteQueue(ChannelAddress address) throws IOException {
        throw new UnsupportedOperationException("The " + id() + " transport cannot delete queues (" + address + ")");
    }

    /**
     * Whether a channel of this kind at this address can be used now: for files, its directory
     * exists and is writable; for a server, it answers. Bounded in time, never throws.
     */
    TransportHealth health(ChannelAddress address, ChannelKind kind);
}
