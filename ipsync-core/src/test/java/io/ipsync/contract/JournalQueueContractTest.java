package io.ipsync.contract;

import io.ipsync.ChannelAddress;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.TransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file transport's journal layout keeps the queue contract. */
class JournalQueueContractTest extends QueueContractTests {

    @TempDir
    Path root;

    @Override
    protected TransportFixture fixture() {
        return new JournalFixture(root);
    }

    /**
     * Each queue is created as a journal (segments of 32 MiB, sparse), so that the tests, which
     * open queues without a layout, open it as the journal it is.
     */
    static final class JournalFixture implements TransportFixture {

        private static final FileSettings SETTINGS = FileSettings.builder().journalSegmentSize(32L * 1024 * 1024).build();

        private final FileTransportFixture files;

        private final Path root;

        JournalFixture(Path root) {
            this.root = root;
            this.files = new FileTransportFixture(root);
        }

        @Override
        public TransportProvider transport() {
            return FileTransport.INSTANCE;
        }

        @Override
        public ChannelAddress newQueue(String name) {
            try {
                ChannelAddress address = ChannelAddress.file(Files.createTempDirectory(root, name + "-").resolve("queue"),
                        SETTINGS);
                QueueOptions journal = QueueOptions.builder().layout(FileTransport.JOURNAL_LAYOUT).build();
                try (QueueChannel created = FileTransport.INSTANCE.openQueue(address, journal)) {
                    return address;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ChannelAddress newEvent(String name) {
            return files.newEvent(name);
        }

        @Override
        public ChannelAddress newDataEvent(String name) {
            return files.newDataEvent(name);
        }

        @Override
        public String text(ChannelAddress address) {
            return address.location();
        }
    }
}
