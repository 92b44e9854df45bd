package io.ipsync.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Whether a transport can serve a channel now, as {@link TransportProvider#health} finds it.
 *
 * @param up whether the channel's storage is reachable and usable
 * @param problem why it is not, for an operator; {@code null} when up
 * @param details what was checked (a path, a server and its version...), never secrets
 */
public record TransportHealth(boolean up, String problem, Map<String, Object> details) {

    public TransportHealth {
        if (!up) {
            Objects.requireNonNull(problem, "problem");
        }
        details = Map.copyOf(details);
    }

    public static TransportHealth up(Map<String, Object> details) {
        return new TransportHealth(true, null, details);
    }

    public static TransportHealth down(String problem, Map<String, Object> details) {
        return new TransportHealth(false, problem, details);
    }
}
