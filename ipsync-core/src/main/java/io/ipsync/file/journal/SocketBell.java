package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.LONG;
import static io.ipsync.file.journal.JournalFormat.SLEEPERS_AT;
import static io.ipsync.file.journal.JournalFormat.SOCKET_ONLY_AT;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doorbell between processes that Java 17 can ring (see {@link JournalBells}): a consumer that
 * has found nothing to take for a while listens on a UNIX-domain socket of its slot, {@code journal/bell-<slot>.sock}, after
 * setting its slot's bit in the meta file's sleeper bitmap; it looks once more for work after the
 * bit is set (so a put committed before the bit was seen is never slept through), then waits in a
 * selector, at most the given time. A producer reads the bitmap after each commit (four loads when
 * nobody sleeps), and for each sleeper in another process clears its bit (one wake per sleep) and
 * writes one byte to its socket over a connection it keeps. Whatever fails (a path too long for a
 * socket, a sleeper that died) falls back on the sleeper's timed wait: a later wake-up, never a
 * lost message.
 *
 * <p>One thread per channel sleeps on the socket; the channel's other waiting threads park and are
 * woken by the in-JVM {@link Doorbell}, which the woken thread rings when it found work.
 *
 * <p>A channel whose only bell this is (made by {@link #open}) marks its slot in the meta file's
 * socket-only bitmap while it is open, so that futex-capable consumers sleep on their sockets,
 * which it can ring, rather than on futex words, which it cannot.
 */
final class SocketBell implements JournalBell {

    private static final Logger log = LoggerFactory.getLogger(SocketBell.class);

    private final Path folder;

    private final ByteBuffer meta;

    private final int slot;

    private final SlotLocks locks;

    private final ReentrantLock sleeping = new ReentrantLock();

    private final Map<Integer, SocketChannel> connections = new ConcurrentHashMap<>();

    private final ByteBuffer drain = ByteBuffer.allocate(64);

    private Selector selector;

    private ServerSocketChannel server;

    private boolean unusable;

    SocketBell(Path folder, Meta meta, int slot, SlotLocks locks) {
        this.folder = folder;
        this.meta = meta.buffer;
        this.slot = slot;
        this.locks = locks;
    }

    /** The bell of a channel that cannot ring a futex: its slot is marked socket-only until {@link #close}. */
    static SocketBell open(Path folder, Meta meta, int slot, SlotLocks locks) {
        LONG.getAndBitwiseOr(meta.buffer, SOCKET_ONLY_AT + (slot >>> 6) * 8, 1L << (slot & 63));
        return new SocketBell(folder, meta, slot, locks);
    }

    @Override
    public String kind() {
        return "socket";
    }

    private Path path(int of) {
        return folder.resolve("bell-" + of + ".sock");
    }

    /**
     * Sleeps on the socket until rung, {@code wake} runs, or {@code nanos} pass. Returns false, at
     * once, when this channel cannot sleep on its socket now (another of its threads does, or the
     * socket cannot be made): the caller then parks instead.
     *
     * @param workArrived looked at once the sleeper bit is set; true ends the sleep before it began
     */
    @Override
    public boolean sleep(long nanos, BooleanSupplier workArrived, Doorbell inJvm) throws IOException {
        if (!sleeping.tryLock()) {
            return false;
        }
        try {
            if (!listening()) {
                return false;
            }
            long mask = 1L << (slot & 63);
            int word = SLEEPERS_AT + (slot >>> 6) * 8;
            LONG.getAndBitwiseOr(meta, word, mask);
            Runnable waker = selector::wakeup;
            inJvm.sleep(waker);
            try {
                if (workArrived.getAsBoolean()) {
                    return true;
                }
                selector.select(Math.max(1, nanos / 1_000_000));
                if (Thread.currentThread().isInterrupted()) {
                    // channel calls on an interrupted thread would close them; the caller throws anyway
                    selector.selectedKeys().clear();
                    return true;
                }
                drainRings();
                return true;
            } catch (IOException closedByAnInterruptOrBroken) {
                // an interrupt that came between the check and a call closed a channel: listen afresh next time
                closeQuietly();
                return true;
            } finally {
                inJvm.awake(waker);
                LONG.getAndBitwiseAnd(meta, word, ~mask);
            }
        } finally {
            sleeping.unlock();
        }
    }

    /** Takes the rings that woke the selector: new connections of producers, and their bytes. */
    private void drainRings() throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.isAcceptable()) {
                SocketChannel ringer = server.accept();
                if (ringer != null) {
                    ringer.configureBlocking(false);
                    ringer.register(selector, SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                drain.clear();
                if (((SocketChannel) key.channel()).read(drain) < 0) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
        selector.selectedKeys().clear();
    }

    private boolean listening() {
        if (server != null || unusable) {
            return !unusable;
        }
        Path path = path(slot);
        try {
            Files.deleteIfExists(path); // left by a dead former owner of this slot, whose lock is ours now
            selector = Selector.open();
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("No doorbell socket at {} ({}); idle consumers there look for work by timed waits", path, e.toString());
            unusable = true;
            closeQuietly();
            return false;
        }
    }

    /** Rings every sleeper in another process; after a commit. */
    @Override
    public void ring() {
        SleeperBitmap.wakeOthers(meta, SLEEPERS_AT, locks, this::send);
    }

    private void send(int sleeper) {
        for (int attempt = 0; attempt < 2; attempt++) {
            SocketChannel connection = connections.get(sleeper);
            try {
                if (connection == null) {
                    connection = SocketChannel.open(UnixDomainSocketAddress.of(path(sleeper)));
                    connection.configureBlocking(false);
                    connections.put(sleeper, connection);
                }
                connection.write(ByteBuffer.wrap(new byte[] {1})); // 0 written: the socket is full, a wake is pending
                return;
            } catch (IOException | RuntimeException e) {
                connections.remove(sleeper);
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (IOException ignored) {
                        // gone anyway
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        LONG.getAndBitwiseAnd(meta, SOCKET_ONLY_AT + (slot >>> 6) * 8, ~(1L << (slot & 63)));
        sleeping.lock();
        try {
            closeQuietly();
            if (server != null || !unusable) {
                try {
                    Files.deleteIfExists(path(slot));
                } catch (IOException ignored) {
                    // a stale socket file is removed by the slot's next owner
                }
            }
        } finally {
            sleeping.unlock();
        }
        connections.values().forEach(connection -> {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing
            }
        });
        connections.clear();
    }

    private void closeQuietly() {
        try {
            if (selector != null) {
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                selector.close();
            }
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        server = null;
        selector = null;
    }
}
