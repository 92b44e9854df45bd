package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.TransportHealth;
import io.ipsync.spi.TransportProvider;
import io.ipsync.spi.ValueChannel;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding transports by id and reading addresses. */
class TransportsTest {

    @TempDir
    Path temp;

    @Test
    void theFileTransportIsAlwaysInstalledAndFoundByTheServiceLoader() {
        assertThat(Transports.installed().provider("file")).isInstanceOf(FileTransport.class);
        assertThat(Transports.of(List.of()).find("file")).isPresent();
    }

    @Test
    void aMissingTransportIsNamedWithTheTransportsThereAreAndTheModuleToAdd() {
        assertThatThrownBy(() -> Transports.of(List.of()).provider("redis")).isInstanceOf(IpsyncException.class)
                .hasMessageContaining("'redis'").hasMessageContaining("[file]").hasMessageContaining("io.ipsync:ipsync-redis");
        assertThatThrownBy(() -> Transports.of(List.of()).provider("kafka")).hasMessageContaining("'kafka'")
                .hasMessageNotContaining("add the dependency");
    }

    @Test
    void pathsAndFileUrisAreFileAddresses() {
        ChannelAddress relative = Transports.installed().parse("some/queue");
        assertThat(relative.transport()).isEqualTo("file");
        assertThat(relative.location()).isEqualTo(Path.of("some/queue").toAbsolutePath().toString());
        assertThat(Transports.installed().parse(temp.toUri().toString()).location()).isEqualTo(temp.toString());
        assertThat(ChannelAddress.parse("/dev/shm/shop/orders")).isEqualTo(ChannelAddress.file(Path.of("/dev/shm/shop/orders")));
    }

    @Test
    void aUriOfASchemeNoTransportReadsIsRefusedWithoutEchoingItsCredentials() {
        assertThatThrownBy(() -> Transports.of(List.of()).parse("redis://admin:s3cret@db:6379/orders"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://")
                .hasMessageContaining("io.ipsync:ipsync-redis").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Transports.of(List.of()).parse("rediss://db:6379/orders"))
                .hasMessageContaining("io.ipsync:ipsync-redis");
    }

    @Test
    void aTransportGivenLaterReplacesOneOfTheSameIdAndReadsItsSchemes() {
        TransportProvider custom = new NamedTransport("custom");
        Transports transports = Transports.installed().with(List.of(custom));
        assertThat(transports.provider("custom")).isSameAs(custom);
        assertThat(transports.parse("custom://anything/orders")).isEqualTo(new ChannelAddress("custom", "orders", null));
        assertThat(transports.all()).first().isInstanceOf(FileTransport.class);
    }

    @Test
    void settingsOfAnotherTransportCannotAddressAChannel() {
        assertThatThrownBy(() -> new ChannelAddress("redis", "orders", FileSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file").hasMessageContaining("redis");
        assertThatThrownBy(() -> new ChannelAddress("file", " ", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileTransportRefusesALayoutItDoesNotHave() {
        QueueOptions ring = QueueOptions.builder().layout("ring").build();
        assertThatThrownBy(() -> JsonDataQueue.open(ChannelAddress.file(temp.resolve("q")), ring))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ring")
                .hasMessageContaining("[files, journal]")
                .hasMessageContaining(temp.resolve("q").toString());
    }

    @Test
    void theFileTransportsHealthSaysWhetherTheDirectoryIsThere() {
        TransportHealth missing = FileTransport.INSTANCE.health(ChannelAddress.file(temp.resolve("nowhere/q")),
                ChannelKind.QUEUE);
        assertThat(missing.up()).isFalse();
        assertThat(missing.problem()).contains("does not exist");
        TransportHealth event = FileTransport.INSTANCE.health(ChannelAddress.file(temp.resolve("e.event")), ChannelKind.EVENT);
        assertThat(event.up()).isTrue();
        assertThat(event.details()).containsEntry("exists", false);
    }

    /** A transport that opens nothing: enough to be found and to read its scheme. */
    private record NamedTransport(String id) implements TransportProvider {

        @Override
        public Set<String> schemes() {
            return Set.of(id);
        }

        @Override
        public ChannelAddress parseAddress(URI uri) {
            return new ChannelAddress(id, uri.getPath().substring(1), null);
        }

        @Override
        public QueueChannel openQueue(ChannelAddress address, QueueOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SignalChannel openSignal(ChannelAddress address, EventOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ValueChannel openValue(ChannelAddress address, DataEventOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TransportHealth health(ChannelAddress address, ChannelKind kind) {
            return TransportHealth.up(Map.of());
        }
    }
}
