package io.ipsync.redis.test;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.RedisSettings;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster for tests: three masters without replicas, each a {@link RedisServer} with
 * {@code --cluster-enabled yes} on free loopback ports, the 16,384 hash slots split evenly in
 * order (the first node serves 0 to 5460, and so on), joined with {@code CLUSTER ADDSLOTSRANGE}
 * and {@code CLUSTER MEET} (each node meets each other, rather than waiting for gossip); ready
 * when every node says {@code cluster_state:ok}, knows them all and knows who serves every slot.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisCluster cluster = new RedisCluster();
 *
 * JsonDataQueue orders = JsonDataQueue.open(cluster.address("orders"), QueueOptions.DEFAULTS);
 * }</pre>
 *
 * <p>As an extension it starts before the test class's tests and stops after them. It needs only
 * {@code redis-server} (7.0 or later, for {@code --cluster-port} and {@code ADDSLOTSRANGE}), found
 * as {@link RedisServer} finds it: where it is missing the tests are skipped with the reason shown,
 * and under {@code CI=true} they fail instead. Forming the cluster takes about two seconds, most of
 * it the delay a master waits after its start before it serves writes.
 *
 * <p>{@link #moveSlot} plays a resharding. Not thread-safe: drive it from the test's thread.
 */
public final class RedisCluster implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final int SLOTS = SlotHash.SLOT_COUNT;

    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(20);

    private static final Duration MIGRATE_TIMEOUT = Duration.ofSeconds(5);

    private static final int BUS_PORTS_FROM = 20_000;

    private static final int BUS_PORTS_COUNT = 10_000;

    private final int masters;

    private final List<RedisServer> nodes = new ArrayList<>();

    /** Each node's cluster bus port, chosen free rather than its port plus 10,000, which may not exist. */
    private final List<Integer> busPorts = new ArrayList<>();

    /** Three masters. */
    public RedisCluster() {
        this(3);
    }

    /** {@code masters} masters, at least one. */
    public RedisCluster(int masters) {
        if (masters < 1) {
            throw new IllegalArgumentException("A cluster needs at least one master but was asked for " + masters);
        }
        this.masters = masters;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * Starts the nodes and forms the cluster, waiting until every node serves.
     *
     * @throws org.opentest4j.TestAbortedException when {@code redis-server} is missing and {@code CI} is not {@code true}
     * @throws IllegalStateException when it is missing under {@code CI=true}, or the cluster does not form in time
     */
    public void start() throws IOException, InterruptedException {
        if (!nodes.isEmpty()) {
            return;
        }
        for (int i = 0; i < masters; i++) {
            int busPort = freeBusPort();
            RedisServer node = new RedisServer(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000", "--cluster-port", Integer.toString(busPort)));
            nodes.add(node);
            busPorts.add(busPort);
            node.start();
        }
        for (int i = 0; i < masters; i++) {
            int first = i * SLOTS / masters;
            int last = (i + 1) * SLOTS / masters - 1;
            nodes.get(i).commands().clusterAddSlotsRange(Range.create(first, last));
        }
        for (int i = 0; i < masters; i++) {
            for (int j = i + 1; j < masters; j++) {
                meet(nodes.get(i), nodes.get(j), busPorts.get(j));
            }
        }
        awaitFormed();
    }

    /** The nodes, in the order of the slots they were given. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The node that serves the key's hash slot now, as the first node sees the cluster. */
    public RedisServer nodeServing(String key) {
        return nodeServing(SlotHash.getSlot(key));
    }

    /** The node that serves the hash slot now, as the first node sees the cluster. */
    public RedisServer nodeServing(int slot) {
        for (String line : nodes.get(0).commands().clusterNodes().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 9 || !fields[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                if (servesSlot(fields[i], slot)) {
                    return byAddress(fields[1]);
                }
            }
        }
        throw new IllegalStateException("No node of " + this + " serves the slot " + slot);
    }

    /** The key's hash slot. */
    public static int slotOf(String key) {
        return SlotHash.getSlot(key);
    }

    /** {@code redis-cluster://127.0.0.1:<port>,127.0.0.1:<port>,...}: every node, as a channel address begins. */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
    }

    /** Every node as a seed, as Lettuce takes them. */
    public List<RedisURI> seeds() {
        return nodes.stream().map(RedisServer::redisUri).toList();
    }

    /** Settings for this cluster with every node as a seed, to change further: {@code cluster.settings().lease(...).build()}. */
    public RedisSettings.Builder settings() {
        return RedisSettings.builder().cluster(seeds());
    }

    /** The address of a channel on this cluster with the transport's default settings. */
    public ChannelAddress address(String channel) {
        return ChannelAddress.parse(uri() + "/" + channel);
    }

    /** The address of a channel on this cluster with the given settings. */
    public ChannelAddress address(String channel, RedisSettings settings) {
        return new ChannelAddress(RedisSettings.TRANSPORT, channel, settings);
    }

    /**
     * Moves a hash slot, with its keys, to another node, as a resharding tool does: the target
     * imports it, the source migrates it ({@code MIGRATE} of every key), and every node is told
     * the target serves it. Clients that knew the old node are answered {@code MOVED} from then on.
     */
    public void moveSlot(int slot, RedisServer target) {
        RedisServer source = nodeServing(slot);
        if (source == target) {
            return;
        }
        String sourceId = source.commands().clusterMyId();
        String targetId = target.commands().clusterMyId();
        target.commands().clusterSetSlotImporting(slot, sourceId);
        source.commands().clusterSetSlotMigrating(slot, targetId);
        List<String> keys;
        while (!(keys = source.commands().clusterGetKeysInSlot(slot, 100)).isEmpty()) {
            source.commands().migrate(target.host(), target.port(), 0, MIGRATE_TIMEOUT.toMillis(),
                    MigrateArgs.Builder.keys(keys));
        }
        target.commands().clusterSetSlotNode(slot, targetId);
        source.commands().clusterSetSlotNode(slot, targetId);
        for (RedisServer other : nodes) {
            if (other != source && other != target) {
                other.commands().clusterSetSlotNode(slot, targetId);
            }
        }
    }

    /** Stops every node and removes its directory. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (RedisServer node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        nodes.clear();
        busPorts.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** {@code CLUSTER MEET host port bus-port}: Lettuce's {@code clusterMeet} cannot name the bus port. */
    private static void meet(RedisServer from, RedisServer node, int busPort) {
        String reply = from.commands().dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("MEET").add(node.host()).add(node.port()).add(busPort));
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("CLUSTER MEET " + node + " answered " + reply);
        }
    }

    /** Waits until every node says the cluster is ok and knows every other node. */
    private void awaitFormed() throws InterruptedException {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        String last = "";
        while (true) {
            boolean formed = true;
            for (RedisServer node : nodes) {
                RedisCommands<String, String> commands = node.commands();
                String info = commands.clusterInfo();
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + masters + "\r")
                        || !info.contains("cluster_slots_ok:" + SLOTS + "\r")) {
                    formed = false;
                    last = node + ": " + info.replace("\r\n", " ");
                    break;
                }
            }
            if (formed) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The Redis cluster " + uri() + " did not form within " + FORM_TIMEOUT
                        + "; last seen " + last);
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling servers that have no readiness signal
        }
    }

    private RedisServer byAddress(String address) {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).replaceAll("@.*", ""));
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of " + this + " is at " + address));
    }

    private static boolean servesSlot(String range, int slot) {
        if (range.startsWith("[")) {
            return false; // a slot being moved: still served by the node it is moving from, which lists it as a range
        }
        int dash = range.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
        return slot >= first && slot <= last;
    }

    /**
     * A free port for a cluster bus, below the range the system hands out for port 0 (32768 and up
     * on Linux), where {@link RedisServer} finds its own ports: so a node's bus never takes the
     * port another node is about to be given.
     */
    private static int freeBusPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = BUS_PORTS_FROM + ThreadLocalRandom.current().nextInt(BUS_PORTS_COUNT);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("No free port for a cluster bus between " + BUS_PORTS_FROM + " and "
                + (BUS_PORTS_FROM + BUS_PORTS_COUNT));
    }

    @Override
    public String toString() {
        return "RedisCluster[" + (nodes.isEmpty() ? "not started" : uri()) + "]";
    }
}
