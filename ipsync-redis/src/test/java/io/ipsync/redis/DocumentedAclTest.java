package io.ipsync.redis;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.test.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented ACL on a single server, in a database other than 0 and with a client name. The
 * server's default user, without a password, is the test's own.
 */
class DocumentedAclTest extends DocumentedAclScenarios {

    @RegisterExtension
    static final RedisServer redis = new RedisServer(withDocumentedUser());

    private static List<String> withDocumentedUser() {
        List<String> arguments = new ArrayList<>(List.of("--user", USER));
        arguments.addAll(documentedRules(1));
        arguments.add(">" + PASSWORD);
        return arguments;
    }

    @Override
    ChannelAddress address(String channel) {
        return ChannelAddress.parse("redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + redis.port() + "/3/" + channel
                + "?clientName=ipsync-acl-test");
    }

    @Override
    String clientsOfServerServing(String key) {
        return redis.commands().clientList();
    }

    @Override
    List<Map<String, Object>> refusals() {
        return redis.commands().aclLog();
    }

    @Override
    void forgetRefusals() {
        redis.commands().aclLogReset();
    }
}
