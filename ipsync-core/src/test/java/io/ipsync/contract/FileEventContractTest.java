package io.ipsync.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file transport keeps the event contract. */
class FileEventContractTest extends EventContractTests {

    @TempDir
    Path root;

    @Override
    protected TransportFixture fixture() {
        return new FileTransportFixture(root);
    }
}
