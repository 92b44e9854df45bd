package io.ipsync.contract;

import io.ipsync.ChannelAddress;
import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.TransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The file transport under the contract tests: channels in a fresh folder of a test's temporary directory. */
final class FileTransportFixture implements TransportFixture {

    /** Notifications do the work; a short poll keeps a missed one from stalling a test. */
    private static final FileSettings SETTINGS = FileSettings.builder().pollInterval(Duration.ofMillis(200)).build();

    private final Path root;

    FileTransportFixture(Path root) {
        this.root = root;
    }

    @Override
    public TransportProvider transport() {
        return FileTransport.INSTANCE;
    }

    @Override
    public ChannelAddress newQueue(String name) {
        return ChannelAddress.file(fresh(name).resolve("queue"), SETTINGS);
    }

    @Override
    public ChannelAddress newEvent(String name) {
        return ChannelAddress.file(fresh(name).resolve(name + ".event"), SETTINGS);
    }

    @Override
    public ChannelAddress newDataEvent(String name) {
        return ChannelAddress.file(fresh(name).resolve(name + ".json"), SETTINGS);
    }

    @Override
    public String text(ChannelAddress address) {
        return address.location();
    }

    private Path fresh(String name) {
        try {
            return Files.createTempDirectory(root, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
