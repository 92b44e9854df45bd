package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The folder the bench works in: made fresh ({@code ipsync-bench-<random>}) inside the folder
 * given, one sub-folder per scenario, all removed at the end. Nothing outside it is touched.
 */
final class Workspace implements AutoCloseable {

    private static final Path RAM_DISK = Path.of("/dev/shm");

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /**
     * Makes a fresh workspace inside {@code parent} (created if missing), or, when it is
     * {@code null}, inside {@code /dev/shm}, or the temporary folder where there is none.
     */
    static Workspace create(Path parent) throws IOException {
        Path base = parent != null ? parent : defaultParent();
        Files.createDirectories(base);
        return new Workspace(Files.createTempDirectory(base.toAbsolutePath(), "ipsync-bench-"));
    }

    private static Path defaultParent() {
        return Files.isDirectory(RAM_DISK) && Files.isWritable(RAM_DISK) ? RAM_DISK : Path.of(System.getProperty("java.io.tmpdir"));
    }

    Path root() {
        return root;
    }

    /** The type of the file system the workspace is on: {@code tmpfs}, {@code ext4}, ... */
    String fileSystemType() {
        try {
            return Files.getFileStore(root).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A new, empty sub-folder. */
    Path newFolder(String name) throws IOException {
        return Files.createDirectory(root.resolve(name));
    }

    /** Removes a folder and everything in it. */
    void remove(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
    }

    /** Removes the workspace. */
    @Override
    public void close() throws IOException {
        remove(root);
    }
}
