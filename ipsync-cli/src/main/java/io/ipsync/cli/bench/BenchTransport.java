package io.ipsync.cli.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The transport a scenario measures: files in a folder, or streams on a Redis server. */
enum BenchTransport {

    FILE("file"),

    /** Queues of the file transport's journal layout, beside bare memory-mapped loops. */
    JOURNAL("journal"),

    /** On the server of {@code --redis}, or on a {@code redis-server} the bench starts ({@link LocalRedisServer}). */
    REDIS("redis");

    /** The name on the command line ({@code --transport}). */
    final String id;

    BenchTransport(String id) {
        this.id = id;
    }

    /** Reads a transport's name on the command line (case ignored). */
    static final class Converter implements ITypeConverter<BenchTransport> {

        @Override
        public BenchTransport convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(transport -> transport.id.equals(wanted)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a transport; the transports are "
                            + Arrays.stream(values()).map(transport -> transport.id).collect(Collectors.joining(", "))));
        }
    }
}
