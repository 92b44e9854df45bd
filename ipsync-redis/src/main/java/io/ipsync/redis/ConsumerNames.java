package io.ipsync.redis;

import io.ipsync.internal.ProcessName;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of consumers in a queue's group: {@code <pid>@<host>/<8 hex digits>}, new for every
 * channel that consumes, so that a restarted process is never taken for the one before it. Other
 * participants may name theirs as they like, but never {@value ChannelKeys#SCHEDULED}.
 */
final class ConsumerNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsumerNames() {
    }

    static String next() {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return ProcessName.current() + "/" + HexFormat.of().formatHex(suffix);
    }
}
