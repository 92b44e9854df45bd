package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.EventOptions;
import io.ipsync.QueueOptions;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.TransportHealth;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spi.TransportSettings;
import io.ipsync.spi.ValueChannel;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Redis transport, id {@code redis}: events, data events and queues as streams on a Redis
 * server (6.2 or later, or a compatible server such as Valkey), a server found through Sentinels,
 * or a Redis Cluster, so that processes on many hosts share them. A channel's location is its
 * name; its settings ({@link RedisSettings}) say which server or cluster and which keys. See the package documentation for the keys and the rules every participant,
 * in any language, follows.
 *
 * <pre>{@code
 * JsonDataQueue orders = JsonDataQueue.open(ChannelAddress.parse("redis://localhost:6379/orders"), QueueOptions.DEFAULTS);
 * }</pre>
 *
 * <h2>Two ways to exist</h2>
 * <ul>
 * <li>{@link #RedisTransport()}, as the {@link java.util.ServiceLoader} makes it: each server gets
 * a Lettuce client of its own, with its own threads, shared by the channels on that server and
 * shut down when the last of them is closed. Nothing to close.
 * <li>{@link #RedisTransport(RedisSettings, ClientResources, ClientOptions)}, as an application
 * framework makes it: channels without settings of their own get the given defaults, and clients
 * share the given resources (threads, DNS, metrics), which stay the caller's. The caller owns the
 * transport and {@link #close()}s it.
 * </ul>
 *
 * <h2>Connections and outages</h2>
 * Opening a channel connects nothing; connections are made on demand, and a call while the server
 * cannot be reached fails with an {@link IOException} naming the channel and the server within the
 * channel's connect timeout plus its command timeout. Nothing is queued or replayed behind a
 * caller's back, and each call after an outage tries afresh. See {@link ServerLink}.
 *
 * <p>Thread-safe.
 */
public final class RedisTransport implements TransportProvider, AutoCloseable {

    /** The transport's id. */
    public static final String ID = RedisSettings.TRANSPORT;

    private final RedisSettings defaults;

    private final ServerLinks links;

    /** For the service loader: default settings, a Lettuce client per server of its own. */
    public RedisTransport() {
        this(RedisSettings.DEFAULTS, null, null);
    }

    /**
     * A transport whose channels without settings of their own get {@code defaults}.
     *
     * @param resources Lettuce client resources to share (not shut down by this transport), or
     *     {@code null} for each client's own
     * @param clientOptions Lettuce client options to start from (TLS, protocol, socket options),
     *     or {@code null} for Lettuce's defaults. Copied; the transport sets its own reconnection
     *     (off), disconnected behaviour (reject commands) and connect timeout, on which its bounded
     *     failures rest
     */
    public RedisTransport(RedisSettings defaults, ClientResources resources, ClientOptions clientOptions) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.links = new ServerLinks(resources, clientOptions);
    }

    /** The settings of channels whose address carries none. */
    public RedisSettings defaults() {
        return defaults;
    }

    @Override
    public String id() {
        return ID;
    }

    /** {@code redis}, {@code rediss}, {@code redis-cluster} and {@code rediss-cluster}. */
    @Override
    public Set<String> schemes() {
        return RedisAddresses.SCHEMES;
    }

    /**
     * Reads {@code redis://[user:password@]host[:port][/database]/<channel>} ({@code rediss://} for
     * TLS): the last path segment is the channel, a segment before it the database number. A Redis
     * Cluster: {@code redis-cluster://[user:password@]host:port[,host:port...]/<channel>}
     * ({@code rediss-cluster://} for TLS), the nodes listed being seeds the client learns the
     * cluster from. Key prefix, lease and timeouts come from {@link #defaults()}.
     */
    @Override
    public ChannelAddress parseAddress(URI uri) {
        return RedisAddresses.parse(uri, defaults);
    }

    @Override
    public QueueChannel openQueue(ChannelAddress address, QueueOptions options) throws IOException {
        if (options.layout() != null && !queueLayouts().contains(options.layout())) {
            throw new IllegalArgumentException("The Redis transport has no queue layout '" + options.layout() + "' (it has "
                    + queueLayouts() + "), asked for " + address.location());
        }
        RedisSettings settings = settings(address);
        ChannelKeys keys = ChannelKeys.of(address.location(), settings);
        ServerLinks.Use use = links.acquire(settings);
        String location = location(settings, address);
        ServerCalls calls = new ServerCalls(use.link(), settings, "queue " + location + ", key " + keys.queue());
        return new RedisQueueChannel(location, calls, keys, options, use.release());
    }

    @Override
    public SignalChannel openSignal(ChannelAddress address, EventOptions options) throws IOException {
        RedisSettings settings = settings(address);
        ChannelKeys keys = ChannelKeys.of(address.location(), settings);
        ServerLinks.Use use = links.acquire(settings);
        String location = location(settings, address);
        ServerCalls calls = new ServerCalls(use.link(), settings, "event " + location + ", key " + keys.event());
        return new RedisSignalChannel(location, calls, keys, use.release());
    }

    @Override
    public ValueChannel openValue(ChannelAddress address, DataEventOptions options) throws IOException {
        RedisSettings settings = settings(address);
        ChannelKeys keys = ChannelKeys.of(address.location(), settings);
        ServerLinks.Use use = links.acquire(settings);
        String location = location(settings, address);
        ServerCalls calls = new ServerCalls(use.link(), settings, "data event " + location + ", key " + keys.value());
        return new RedisValueChannel(location, calls, keys, options.maxValueSize(), use.release());
    }

    /** Deletes the queue's keys (stream, schedule, dead letters, taken ahead, last sweep, messages put for later) in one {@code DEL}. */
    @Override
    public void deleteQueue(ChannelAddress address) throws IOException {
        RedisSettings settings = settings(address);
        ChannelKeys keys = ChannelKeys.of(address.location(), settings);
        ServerLinks.Use use = links.acquire(settings);
        try {
            ServerCalls calls = new ServerCalls(use.link(), settings, "queue " + location(settings, address));
            calls.call("delete the queue", commands -> commands.del(keys.fullScriptKeys()));
        } finally {
            use.release().run();
        }
    }

    /**
     * Up when the channel's server (on a cluster, the master that serves the channel's key) answers
     * {@code PING}; the details name the server and the key, the server's version and whether
     * {@code appendonly} is on. Bounded by the channel's connect and command timeouts; never throws.
     */
    @Override
    public TransportHealth health(ChannelAddress address, ChannelKind kind) {
        RedisSettings settings;
        ChannelKeys keys;
        try {
            settings = settings(address);
            keys = ChannelKeys.of(address.location(), settings);
        } catch (RuntimeException e) {
            return TransportHealth.down(e.getMessage(), Map.of("channel", address.toString()));
        }
        String key = switch (kind) {
            case QUEUE -> keys.queue();
            case EVENT -> keys.event();
            case DATA_EVENT -> keys.value();
        };
        ServerLinks.Use use;
        try {
            use = links.acquire(settings);
        } catch (IOException | RuntimeException e) {
            return TransportHealth.down(String.valueOf(e.getMessage()), Map.of("server", settings.serverDescription(), "key", key));
        }
        try {
            return RedisHealth.check(new ServerCalls(use.link(), settings, "health check of " + location(settings, address)),
                    key);
        } finally {
            use.release().run();
        }
    }

    /** Closes every connection and client this transport made; channels still open fail from now on. */
    @Override
    public void close() {
        links.closeAll();
    }

    private RedisSettings settings(ChannelAddress address) {
        if (!address.transport().equals(ID)) {
            throw new IllegalArgumentException("Not an address of the Redis transport: " + address);
        }
        TransportSettings settings = address.settings();
        if (settings == null) {
            return defaults;
        }
        if (settings instanceof RedisSettings redisSettings) {
            return redisSettings;
        }
        throw new IllegalArgumentException("The Redis transport takes RedisSettings, not " + settings.getClass().getName()
                + " (" + address + ")");
    }

    /**
     * {@code redis://host:port[/db]/<channel>}, {@code redis-cluster://host:port,host:port/<channel>}:
     * the server or cluster (never its credentials) and the channel's name.
     */
    @Override
    public String location(ChannelAddress address) {
        return location(settings(address), address);
    }

    private static String location(RedisSettings settings, ChannelAddress address) {
        return settings.serverDescription() + "/" + address.location();
    }

    @Override
    public String toString() {
        return "RedisTransport[defaults=" + defaults + "]";
    }
}
