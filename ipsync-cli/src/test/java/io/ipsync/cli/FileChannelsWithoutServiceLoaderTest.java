package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands on files never ask the service loader for transports (it would start every command
 * on files more slowly, and load whatever transport jars lie on the class path): in a fresh JVM
 * whose class path registers a transport, running every command on paths and {@code file:} URIs
 * never creates it.
 */
class FileChannelsWithoutServiceLoaderTest {

    @TempDir
    Path temp;

    @Test
    void everyCommandOnPathsAndFileUrisLeavesTheServiceLoaderAlone() throws Exception {
        try (ChildJvm child = ChildJvm.start("file commands", FileCommandsChild.class, temp.toString())) {
            String lookedUp = child.awaitLineStartingWith("transports looked up ", Duration.ofSeconds(60));

            assertThat(child.lines()).startsWith("0 put", "0 stat", "0 take", "0 move", "0 signal", "0 wait",
                    "0 publish", "0 watch");
            assertThat(lookedUp).isEqualTo("transports looked up 0");
        }
    }
}
