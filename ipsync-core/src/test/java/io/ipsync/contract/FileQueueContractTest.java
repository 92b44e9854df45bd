package io.ipsync.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file transport keeps the queue contract. */
class FileQueueContractTest extends QueueContractTests {

    @TempDir
    Path root;

    @Override
    protected TransportFixture fixture() {
        return new FileTransportFixture(root);
    }
}
