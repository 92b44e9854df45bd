package io.ipsync.cli.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code name=value} arguments that the bench gives a child process, after its role and
 * directory: {@code java ... BenchChild consume /dev/shm/x count=100000 warmup=10000}.
 */
final class ChildOptions {

    private final Map<String, String> values = new HashMap<>();

    ChildOptions(String[] arguments, int from) {
        for (int i = from; i < arguments.length; i++) {
            int equals = arguments[i].indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected name=value but found '" + arguments[i] + "'");
            }
            values.put(arguments[i].substring(0, equals), arguments[i].substring(equals + 1));
        }
    }

    long number(String name, long orElse) {
        String value = values.get(name);
        return value == null ? orElse : Long.parseLong(value);
    }
}
