package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a test sees in a queue directory, read straight from the disk (layout: {@code io.ipsync.file.QueueDirectory}). */
final class QueueFiles {

    private final Path root;

    QueueFiles(Path root) {
        this.root = root;
    }

    /** Messages waiting under their {@code q_} names. */
    List<String> waiting() throws IOException {
        return names(root).stream().filter(name -> name.startsWith("q_")).toList();
    }

    /** Everything in the root that is neither a message nor ipsync's folder (temporary files, for example). */
    List<String> strays() throws IOException {
        return names(root).stream().filter(name -> !name.startsWith("q_") && !name.equals(".ipsync")).toList();
    }

    /** Files of producers being written, or left by producers that died: ipsync's in {@code .ipsync/incoming}. */
    List<String> incoming() throws IOException {
        Path incoming = root.resolve(".ipsync/incoming");
        return Files.isDirectory(incoming) ? names(incoming) : List.of();
    }

    Path incoming(String name) {
        return root.resolve(".ipsync/incoming").resolve(name);
    }

    List<String> owners() throws IOException {
        return names(root.resolve(".ipsync/owners"));
    }

    /** The claim folders (one per consumer that holds or held claims). */
    List<String> claimFolders() throws IOException {
        return names(root.resolve(".ipsync/claims"));
    }

    List<String> claimsOf(String owner) throws IOException {
        return names(root.resolve(".ipsync/claims").resolve(owner));
    }

    List<String> retries() throws IOException {
        return names(root.resolve(".ipsync/retry"));
    }

    List<String> dead() throws IOException {
        return names(root.resolve(".ipsync/dead"));
    }

    Path deadLetter(String name) {
        return root.resolve(".ipsync/dead").resolve(name);
    }

    /**
     * Asserts that nothing is waiting, in flight, retried or dead, and that no consumer's
     * bookkeeping (owner lock file, claim folder) or producer's temporary file is left.
     */
    void assertNothingLeft() throws IOException {
        assertThat(waiting()).as("waiting messages").isEmpty();
        assertThat(strays()).as("other files in the queue directory").isEmpty();
        assertThat(incoming()).as("producers' temporary files").isEmpty();
        assertThat(retries()).as("retries").isEmpty();
        assertThat(dead()).as("dead letters").isEmpty();
        assertThat(claimFolders()).as("claim folders").isEmpty();
        assertThat(owners()).as("owner lock files").isEmpty();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException missing) {
            return List.of();
        }
    }
}
