package io.ipsync.cli.bench;

import java.nio.file.Path;

/**
 * The main class of the processes that {@code ipsync bench} starts:
 * {@code java -cp ipsync.jar io.ipsync.cli.bench.BenchChild ROLE PATH [name=value...]}. Each
 * role is one side of one scenario ({@link ProducerRole}, {@link ConsumerRole},
 * {@link ListenerRole}, {@link BareWriteRole}, {@link BareReadRole}, {@link RedisBareAddRole},
 * {@link RedisBareDrainRole}) and talks to the bench through a {@link ParentLink}. PATH is a
 * folder or file, or for the roles on a queue also a channel's {@code redis://} address. Not
 * meant to be run by hand.
 */
public final class BenchChild {

    private BenchChild() {
    }

    public static void main(String[] arguments) {
        int status = 0;
        try {
            if (arguments.length < 2) {
                throw new IllegalArgumentException("usage: BenchChild ROLE PATH [name=value...]");
            }
            run(arguments[0], arguments[1], new ChildOptions(arguments, 2));
        } catch (Exception | Error e) {
            System.err.println("ipsync bench child " + String.join(" ", arguments) + " failed:");
            e.printStackTrace();
            status = 3;
        }
        System.exit(status); // the library's watch threads must not keep a finished child alive
    }

    private static void run(String role, String path, ChildOptions options) throws Exception {
        switch (role) {
            case ProducerRole.NAME -> ProducerRole.run(path, options);
            case ConsumerRole.NAME -> ConsumerRole.run(path, options);
            case ListenerRole.NAME -> ListenerRole.run(Path.of(path));
            case BareWriteRole.NAME -> BareWriteRole.run(Path.of(path), options);
            case BareReadRole.NAME -> BareReadRole.run(Path.of(path), options);
            case BareMappedRoles.WRITE -> BareMappedRoles.write(Path.of(path), options);
            case BareMappedRoles.READ -> BareMappedRoles.read(Path.of(path), options);
            case RedisBareAddRole.NAME -> RedisBareAddRole.run(path, options);
            case RedisBareDrainRole.NAME -> RedisBareDrainRole.run(path, options);
            default -> throw new IllegalArgumentException("no such role: " + role);
        }
    }
}
