package io.ipsync;

import io.ipsync.file.FileTransport;
import io.ipsync.spi.TransportProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The transports an application can use, by id: the file transport, always, and those found by
 * {@link ServiceLoader} ({@link #installed()}) or given ({@link #of(Collection)}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Transports {

    private static final Pattern URI_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /** Where each transport's module is found, for the error that a transport is missing. */
    private static final Map<String, String> KNOWN_MODULES = Map.of("redis", "io.ipsync:ipsync-redis",
            "rediss", "io.ipsync:ipsync-redis", "redis-cluster", "io.ipsync:ipsync-redis",
            "rediss-cluster", "io.ipsync:ipsync-redis");

    private static volatile Transports installed;

    private final Map<String, TransportProvider> byId;

    private Transports(Map<String, TransportProvider> byId) {
        this.byId = byId;
    }

    /** The file transport and every transport on the class path, found once by the service loader. */
    public static Transports installed() {
        Transports found = installed;
        if (found == null) {
            List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader())
                    .stream().map(ServiceLoader.Provider::get).toList();
            found = of(providers);
            installed = found;
        }
        return found;
    }

    /**
     * The file transport and the given ones; of two with the same id, the later wins (the file
     * transport too can be replaced).
     */
    public static Transports of(Collection<? extends TransportProvider> providers) {
        Map<String, TransportProvider> byId = new LinkedHashMap<>();
        byId.put(ChannelAddress.FILE, FileTransport.INSTANCE);
        for (TransportProvider provider : providers) {
            byId.put(provider.id(), provider);
        }
        return new Transports(byId);
    }

    /** These transports, with the given ones added or replacing those of the same id. */
    public Transports with(Collection<? extends TransportProvider> providers) {
        Map<String, TransportProvider> byId = new LinkedHashMap<>(this.byId);
        for (TransportProvider provider : providers) {
            byId.put(provider.id(), provider);
        }
        return new Transports(byId);
    }

    /**
     * The transport that opens an address in plain Java: the built-in file transport for files
     * (without asking the service loader, so that a file channel opens fast), otherwise the
     * {@link #installed()} transport of its id.
     *
     * @throws IpsyncException naming the id when no such transport is installed
     */
    public static TransportProvider providerOf(ChannelAddress address) {
        return address.transport().equals(ChannelAddress.FILE) ? FileTransport.INSTANCE
                : installed().provider(address.transport());
    }

    /** The transport of this id, if there is one. */
    public Optional<TransportProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The transport of this id.
     *
     * @throws IpsyncException naming the id, the transports there are and, for a transport of
     *     ipsync's own, the module to add
     */
    public TransportProvider provider(String id) {
        TransportProvider provider = byId.get(id);
        if (provider == null) {
            String module = KNOWN_MODULES.get(id);
            throw new IpsyncException("No '" + id + "' transport is installed (there are " + byId.keySet() + ")"
                    + (module == null ? "" : ": add the dependency " + module));
        }
        return provider;
    }

    /** Every transport, the file transport first. */
    public Collection<TransportProvider> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Reads an address: a URI whose scheme a transport reads ({@code redis://host:6379/orders}),
     * a {@code file:} URI, or else a file path (absolute, or relative to the working directory).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public ChannelAddress parse(String text) {
        if (!looksLikeUri(text)) {
            return ChannelAddress.file(Path.of(text));
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid channel address: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return ChannelAddress.file(Path.of(uri));
        }
        for (TransportProvider provider : byId.values()) {
            if (provider.schemes().contains(scheme)) {
                return provider.parseAddress(uri);
            }
        }
        String module = KNOWN_MODULES.get(scheme);
        throw new IllegalArgumentException("No installed transport reads " + scheme + ":// addresses (there are "
                + byId.keySet() + ")" + (module == null ? "" : ": add " + module + " to the class path"));
    }

    /** Whether the text starts like a URI with an authority ({@code scheme://}), not like a path. */
    static boolean looksLikeUri(String text) {
        return URI_START.matcher(text).matches();
    }

    @Override
    public String toString() {
        return "Transports" + byId.keySet();
    }
}
