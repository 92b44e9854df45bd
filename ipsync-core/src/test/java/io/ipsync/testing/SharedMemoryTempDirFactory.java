package io.ipsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Creates {@code @TempDir} folders in {@code /dev/shm} (tmpfs, where ipsync channels usually
 * live) for the tests that create tens of thousands of files: on the build machine's disk they
 * take several times longer. Falls back to the default temporary folder where there is no
 * {@code /dev/shm}.
 */
public final class SharedMemoryTempDirFactory implements TempDirFactory {

    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws IOException {
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return Files.createTempDirectory(SHARED_MEMORY, "ipsync-unit-");
        }
        return Files.createTempDirectory("ipsync-unit-");
    }
}
