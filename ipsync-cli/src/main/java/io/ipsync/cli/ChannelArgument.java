package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.Transports;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The DIR or FILE argument of a command: a path, as always, or the address of a channel of
 * another transport, such as {@code redis://host:6379/orders}.
 *
 * <p>A path, or a {@code file://} URI, is read without asking the service loader for transports,
 * so a command on files starts as fast as before there were others; any other URI is read by the
 * installed transport of its scheme ({@link Transports#installed()}), and one that none reads is
 * a usage error naming the module to add. The argument as typed is not kept: what is printed of
 * it is the address ({@code redis:orders}, a path), which holds no password.
 *
 * <p>For files, the command's file options apply ({@link FileOptions}), and a channel that must
 * exist is checked as {@link RequiredDirectory} does; other addresses are passed through as
 * parsed. Immutable.
 */
final class ChannelArgument {

    /** Only the file transport: reads paths and {@code file:} URIs without the service loader. */
    private static final Transports FILES_ONLY = Transports.of(List.of());

    /** {@code scheme://}: the start of a URI, as {@link ChannelAddress#parse} tells one from a path. */
    private static final Pattern URI_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");

    private final ChannelAddress address;

    /** A file channel's path as typed (relative, say), for messages; its address holds the absolute one. */
    private final Path path;

    private ChannelArgument(ChannelAddress address, Path path) {
        this.address = address;
        this.path = path;
    }

    /**
     * Reads an argument.
     *
     * @throws IllegalArgumentException saying what is wrong with it, with any password hidden
     */
    static ChannelArgument parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("an empty path or address");
        }
        try {
            if (!URI_SCHEME.matcher(text).find()) {
                return new ChannelArgument(ChannelAddress.file(Path.of(text)), Path.of(text));
            }
            ChannelAddress address = isFileUri(text) ? FILES_ONLY.parse(text) : Transports.installed().parse(text);
            return new ChannelArgument(address, isFile(address) ? Path.of(address.location()) : null);
        } catch (RuntimeException | ServiceConfigurationError e) {
            String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            throw new IllegalArgumentException(Credentials.hideIn(reason, text), e);
        }
    }

    private static boolean isFileUri(String text) {
        Matcher scheme = URI_SCHEME.matcher(text);
        return scheme.find() && scheme.group(1).toLowerCase(Locale.ROOT).equals(ChannelAddress.FILE);
    }

    private static boolean isFile(ChannelAddress address) {
        return address.transport().equals(ChannelAddress.FILE);
    }

    /** Whether the channel is a file or directory. */
    boolean isFile() {
        return isFile(address);
    }

    /** The transport's id: {@code file}, {@code redis}. */
    String transport() {
        return address.transport();
    }

    /** The file or directory of a file channel, as typed. */
    Path path() {
        if (path == null) {
            throw new IllegalStateException(address + " is not a file");
        }
        return path;
    }

    /**
     * The address of a channel that the command creates when it is missing ({@code put},
     * {@code signal}, {@code publish}, the target of {@code move}): for files, created with the
     * options' sharing, written with their {@code --sync}.
     */
    ChannelAddress creating(FileOptions options) {
        return isFile() ? ChannelAddress.file(path(), options.settings(true)) : address;
    }

    /**
     * The address of a queue that must exist ({@code take}, {@code stat}, the source of
     * {@code move}).
     *
     * @throws io.ipsync.IpsyncException naming the directory, for a queue directory that is missing
     */
    ChannelAddress existingQueue(FileOptions options) {
        if (!isFile()) {
            return address;
        }
        RequiredDirectory.of(path(), "queue");
        return ChannelAddress.file(path(), options.settings(false));
    }

    /**
     * The address of an event or data event whose directory must exist ({@code wait},
     * {@code watch}); the file itself need not.
     *
     * @param what what the file is, for the message: {@code "event"}, {@code "data event"}
     * @throws io.ipsync.IpsyncException naming the directory, when it is missing
     */
    ChannelAddress existingFileIn(String what, FileOptions options) {
        if (!isFile()) {
            return address;
        }
        RequiredDirectory.containing(path(), what);
        return ChannelAddress.file(path(), options.settings(false));
    }

    /** The address as parsed, with the transport's default settings for files. */
    ChannelAddress address() {
        return address;
    }

    /** {@code transport:location}, which holds no password. */
    @Override
    public String toString() {
        return address.toString();
    }

    /** Reads DIR and FILE arguments for picocli: a usage error when the argument cannot be read. */
    static final class Converter implements ITypeConverter<ChannelArgument> {

        @Override
        public ChannelArgument convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                // picocli would quote the argument in its own message; this one has the password hidden
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
