package io.ipsync.redis;

import io.ipsync.spi.TransportHealth;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a channel's server can be used now: it answers {@code PING} within the channel's
 * timeouts (on a cluster, the node that serves the channel's key). Details: the server (never its password), the channel's key, the server's version and
 * whether it writes an append-only file ({@code CONFIG GET appendonly}, where the server allows
 * it), without which messages put since the last snapshot are lost when the server restarts.
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
            details.put("appendonly", appendOnly(calls, keyBytes));
            if ("no".equals(details.get("appendonly"))) {
                details.put("warning", "appendonly is off: messages put since the last snapshot are lost when the server"
                        + " restarts");
            }
            return TransportHealth.up(details);
        } catch (IOException | RuntimeException e) {
            return TransportHealth.down(e.getMessage() == null ? e.toString() : e.getMessage(), details);
        }
    }

    private static String appendOnly(ServerCalls calls, byte[] key) throws IOException {
        try {
            Map<String, String> config = calls.callOnServerOf(key, "read appendonly",
                    commands -> commands.configGet("appendonly"));
            String value = config.get("appendonly");
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
