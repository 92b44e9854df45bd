package io.ipsync.redis;

import io.ipsync.internal.ProcessName;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of consumers in a queue's group: {@code <pid>@<host>/<8 hex digits>/L<lease in ms>}, new
 * for every channel that consumes, so that a restarted process is never taken for the one before
 * it. The suffix {@code /L<ms>} declares the consumer's own lease: every sweeper judges the
 * consumer's claims by it ({@code reclaim.lua}), so that a sweeper with a shorter lease never takes
 * a live consumer's messages. Other participants may name theirs as they like, but never
 * {@value ChannelKeys#SCHEDULED}; a name without the suffix is judged by each sweeper's own lease.
 */
final class ConsumerNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsumerNames() {
    }

    static String next(Lease lease) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return ProcessName.current() + "/" + HexFormat.of().formatHex(suffix) + "/L" + lease.millis();
    }
}
