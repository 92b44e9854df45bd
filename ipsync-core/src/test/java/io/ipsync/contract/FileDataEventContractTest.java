package io.ipsync.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file transport keeps the data-event contract. */
class FileDataEventContractTest extends DataEventContractTests {

    @TempDir
    Path root;

    @Override
    protected TransportFixture fixture() {
        return new FileTransportFixture(root);
    }
}
