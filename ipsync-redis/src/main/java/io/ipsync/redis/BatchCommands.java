package io.ipsync.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

/**
 * Commands built without being sent, for {@link ServerCalls#callEach} to send several in one
 * write. Lettuce's command interfaces send each command as they build it, and a connection flushes
 * each one on its own, so a batch is built here from Lettuce's protocol types, exactly as its
 * command builder builds the same commands.
 */
final class BatchCommands {

    private BatchCommands() {
    }

    /**
     * {@code XADD <stream> * <field> <value> ...}, answered with the new entry's id.
     *
     * @param fields names and values, alternating, each a {@code byte[]} ({@link MessageFields#encode})
     */
    static RedisCommand<byte[], byte[], String> xadd(byte[] stream, Object[] fields) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(stream).add("*");
        for (Object field : fields) {
            args.add((byte[]) field);
        }
        return new Command<>(CommandType.XADD, new StatusOutput<>(ByteArrayCodec.INSTANCE), args);
    }
}
