package io.ipsync.spring.autoconfigure;

import io.ipsync.spi.TransportProvider;
import java.util.ServiceLoader;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image of an application with ipsync needs beyond what Spring finds itself:
 * <ul>
 * <li>the transports that ipsync finds with the {@link ServiceLoader}: the service file, and the
 * public constructor of each provider it names, as found at build time on the application's
 * class path (no list kept here that could go stale);
 * <li>{@link IpsyncProperties}, which the channel registration binds itself, before the
 * configuration properties bean exists.
 * </ul>
 * Listener methods and their payload types get theirs from
 * {@link io.ipsync.spring.listener.IpsyncListenerReflectiveProcessor}; the Redis transport's from
 * {@code IpsyncRedisRuntimeHints}, where that transport is on the class path.
 */
class IpsyncRuntimeHints implements RuntimeHintsRegistrar {

    /** The service file that lists transports, as the {@link ServiceLoader} reads it. */
    static final String TRANSPORT_SERVICES = "META-INF/services/" + TransportProvider.class.getName();

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        ClassLoader loader = classLoader != null ? classLoader : IpsyncRuntimeHints.class.getClassLoader();
        hints.resources().registerPattern(TRANSPORT_SERVICES);
        ServiceLoader.load(TransportProvider.class, loader).stream()
                .map(ServiceLoader.Provider::type)
                .forEach(provider -> registerConstructor(hints, provider));
        BindableRuntimeHintsRegistrar.forTypes(IpsyncProperties.class).registerHints(hints, loader);
    }

    /** The service loader creates a provider with its public no-argument constructor. */
    private static void registerConstructor(RuntimeHints hints, Class<?> provider) {
        try {
            hints.reflection().registerConstructor(provider.getConstructor(), ExecutableMode.INVOKE);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("The transport " + provider.getName() + " listed in " + TRANSPORT_SERVICES
                    + " has no public no-argument constructor, which the service loader needs", e);
        }
    }
}
