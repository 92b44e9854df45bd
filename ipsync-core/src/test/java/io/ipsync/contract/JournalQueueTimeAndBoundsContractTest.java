package io.ipsync.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file transport's journal layout keeps the contract of delayed, expiring and bounded queues. */
class JournalQueueTimeAndBoundsContractTest extends QueueTimeAndBoundsContractTests {

    @TempDir
    Path root;

    @Override
    protected TransportFixture fixture() {
        return new JournalQueueContractTest.JournalFixture(root);
    }
}
