package io.ipsync.redis;

import io.ipsync.spi.TransportHealth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a channel's server can be used now: it answers {@code PING} within the channel's
 * timeouts (on a cluster, the node that serves the channel's key). Details: the server (never its
 * password), the channel's key, the server's version, and two settings read with
 * {@code CONFIG GET} where the server allows it: {@code appendonly}, without which messages put
 * since the last snapshot are lost when the server restarts, and {@code maxmemory-policy}, which
 * must be {@code noeviction}: any other policy lets a server that runs out of memory evict keys,
 * and an evicted stream or schedule ({@code :retry}) loses messages. Either found wrong is a
 * warning in the details; the channel is still up.
 */
final class RedisHealth {

    private RedisHealth() {
    }

    /** Never throws; each call bounded by the channel's connect and command timeouts. */
    static TransportHealth check(ServerCalls calls, String key) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("server", calls.link().description());
        details.put("key", key);
        byte[] keyBytes = ChannelKeys.bytes(key);
        try {
            calls.callOnServerOf(keyBytes, "ping the server", commands -> commands.ping());
            String info = calls.callOnServerOf(keyBytes, "read the server's version", commands -> commands.info("server"));
            details.put("redisVersion", infoField(info, "redis_version"));
            details.put("appendonly", config(calls, keyBytes, "appendonly"));
            details.put("maxmemory-policy", config(calls, keyBytes, "maxmemory-policy"));
            List<String> warnings = new ArrayList<>();
            if ("no".equals(details.get("appendonly"))) {
                warnings.add("appendonly is off: messages put since the last snapshot are lost when the server restarts");
            }
            Object policy = details.get("maxmemory-policy");
            if (!"noeviction".equals(policy) && !String.valueOf(policy).startsWith("unknown")) {
                warnings.add("maxmemory-policy is " + policy + ", not noeviction: a server that runs out of memory"
                        + " evicts keys, and an evicted queue stream or :retry schedule loses messages");
            }
            if (!warnings.isEmpty()) {
                details.put("warning", String.join("; ", warnings));
            }
            return TransportHealth.up(details);
        } catch (IOException | RuntimeException e) {
            return TransportHealth.down(e.getMessage() == null ? e.toString() : e.getMessage(), details);
        }
    }

    private static String config(ServerCalls calls, byte[] key, String parameter) throws IOException {
        try {
            Map<String, String> config = calls.callOnServerOf(key, "read " + parameter,
                    commands -> commands.configGet(parameter));
            String value = config.get(parameter);
            return value == null ? "unknown" : value;
        } catch (RedisReplyException refused) {
            return "unknown (CONFIG GET refused: " + refused.errorCode() + ")";
        }
    }

    private static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "unknown";
    }
}
