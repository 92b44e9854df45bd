package io.ipsync.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link ServerLink}s of one transport, one per server or cluster (and connect timeout), shared by the
 * channels on it and closed when the last of them is closed.
 *
 * <p>Thread-safe.
 */
final class ServerLinks {

    /** A channel's use of a link; {@link #release()} once, when the channel closes. */
    record Use(ServerLink link, Runnable release) {
    }

    private static final class Shared {
        final ServerLink link;
        int users;

        Shared(ServerLink link) {
            this.link = link;
        }
    }

    private final ClientResources resources;

    private final ClientOptions clientOptions;

    private final Map<String, Shared> links = new HashMap<>();

    private boolean closed;

    /**
     * @param resources shared client resources, or {@code null} for each client's own
     * @param clientOptions options to start from, or {@code null} for Lettuce's defaults
     */
    ServerLinks(ClientResources resources, ClientOptions clientOptions) {
        this.resources = resources;
        this.clientOptions = clientOptions;
    }

    /** The link to the settings' server, made if there is none; connects nothing yet. */
    Use acquire(RedisSettings settings) throws IOException {
        String key = settings.connectionKey() + "|" + settings.connectTimeout();
        Shared shared;
        synchronized (this) {
            if (closed) {
                throw new IOException("The Redis transport is closed; cannot open a channel on " + settings.serverDescription());
            }
            shared = links.computeIfAbsent(key, unused -> new Shared(
                    new ServerLink(Connector.of(settings, resources, clientOptions))));
            shared.users++;
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Use(shared.link, () -> {
            if (released.compareAndSet(false, true)) {
                release(key, shared);
            }
        });
    }

    private void release(String key, Shared shared) {
        synchronized (this) {
            shared.users--;
            if (shared.users > 0 || links.get(key) != shared) {
                return;
            }
            links.remove(key);
        }
        shared.link.close();
    }

    /** Closes every link, also those channels still use: their calls fail from now on. */
    void closeAll() {
        List<Shared> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(links.values());
            links.clear();
        }
        all.forEach(shared -> shared.link.close());
    }
}
