package io.ipsync.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file transport keeps the contract of delayed, expiring and bounded queues. */
class FileQueueTimeAndBoundsContractTest extends QueueTimeAndBoundsContractTests {

    @TempDir
    Path root;

    @Override
    protected TransportFixture fixture() {
        return new FileTransportFixture(root);
    }
}
