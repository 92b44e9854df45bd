package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.testing.SharedMemoryTempDirFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** On tmpfs, which lists a directory newest first on current kernels: the order names are added in matters. */
class DirectoryListingTest {

    @TempDir(factory = SharedMemoryTempDirFactory.class)
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ascending", "descending", "shuffled"})
    void smallestKeepsTheSmallestNamesWhateverTheOrderTheyWereAddedIn(String order) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            names.add(String.format("q_%04d", i));
        }
        if (order.equals("descending")) {
            Collections.reverse(names);
        } else if (order.equals("shuffled")) {
            Collections.shuffle(names, new Random(order.hashCode()));
        }
        for (String name : names) {
            Files.createFile(dir.resolve(name));
        }
        Files.createFile(dir.resolve("a-name-that-sorts-first-but-is-no-message"));
        List<String> expected = names.stream().sorted().toList();

        for (int limit : List.of(1, 2, 7, 64, 999, 1_000, 4096)) {
            assertThat(DirectoryListing.smallest(dir, MessageNames::isMessage, limit)).as("limit %d", limit)
                    .containsExactlyElementsOf(expected.subList(0, Math.min(limit, expected.size())));
        }
    }

    @Test
    void smallestOfAMissingDirectoryIsEmpty() throws Exception {
        assertThat(DirectoryListing.smallest(dir.resolve("missing"), name -> true, 10)).isEmpty();
    }
}
