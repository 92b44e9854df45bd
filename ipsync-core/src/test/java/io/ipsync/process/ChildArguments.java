package io.ipsync.process;

import io.ipsync.ChannelAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a child main: positional arguments, then options as {@code --name=value}.
 * An option given that the child does not read is an error, so a misspelt option in a test fails
 * loudly instead of being ignored.
 */
final class ChildArguments {

    private final List<String> positional = new ArrayList<>();

    private final Map<String, String> options = new HashMap<>();

    private final Map<String, String> unread;

    ChildArguments(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("Expected --name=value but got " + arg);
                }
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else {
                positional.add(arg);
            }
        }
        unread = new HashMap<>(options);
    }

    Path path(int index, String what) {
        return Path.of(positional(index, what));
    }

    /**
     * A channel address as {@link ChannelAddress#parse} reads it: a path stays a path (a queue
     * directory, an event file), a URI names a channel of another transport
     * ({@code redis://127.0.0.1:6379/orders}).
     */
    ChannelAddress address(int index, String what) {
        return ChannelAddress.parse(positional(index, what));
    }

    int integer(int index, String what) {
        return Integer.parseInt(positional(index, what));
    }

    String text(String name, String fallback) {
        unread.remove(name);
        return options.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String value = text(name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    Duration duration(String name, Duration fallback) {
        String value = text(name, null);
        return value == null ? fallback : Duration.parse(value);
    }

    /** Fails when an option was given that nothing read. */
    void requireAllRead() {
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("Unknown options: " + unread.keySet());
        }
    }

    private String positional(int index, String what) {
        if (index >= positional.size()) {
            throw new IllegalArgumentException("Missing argument " + (index + 1) + ": " + what);
        }
        return positional.get(index);
    }
}
