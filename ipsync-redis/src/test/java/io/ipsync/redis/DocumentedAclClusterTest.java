package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.test.RedisCluster;
import io.ipsync.redis.test.RedisServer;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The documented ACL, with what a cluster needs besides, on every node of a Redis Cluster of three masters. */
class DocumentedAclClusterTest extends DocumentedAclScenarios {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @BeforeAll
    static void giveEveryNodeTheDocumentedUser() {
        List<String> arguments = new ArrayList<>(List.of("SETUSER", USER));
        arguments.addAll(documentedRules(2));
        arguments.add(">" + PASSWORD);
        for (RedisServer node : cluster.nodes()) {
            node.commands().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).addValues(arguments));
        }
    }

    @Override
    ChannelAddress address(String channel) {
        List<RedisServer> nodes = cluster.nodes();
        return ChannelAddress.parse("redis-cluster://" + USER + ":" + PASSWORD + "@127.0.0.1:" + nodes.get(0).port()
                + ",127.0.0.1:" + nodes.get(1).port() + "/" + channel);
    }

    @Override
    String clientsOfServerServing(String key) {
        return cluster.nodeServing(key).commands().clientList();
    }

    @Override
    List<Map<String, Object>> refusals() {
        List<Map<String, Object>> all = new ArrayList<>();
        cluster.nodes().forEach(node -> all.addAll(node.commands().aclLog()));
        return all;
    }

    @Override
    void forgetRefusals() {
        cluster.nodes().forEach(node -> node.commands().aclLogReset());
    }
}
