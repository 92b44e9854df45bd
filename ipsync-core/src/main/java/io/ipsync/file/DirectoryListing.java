package io.ipsync.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Reads a directory's entry names in one pass, holding at most a bounded number of them, so a
 * backlog of millions of messages costs a listing's time but not its memory. Streams are always
 * closed. A missing directory reads as empty.
 */
final class DirectoryListing {

    private DirectoryListing() {
    }

    /** The {@code limit} smallest names that pass the filter, sorted (lexicographically: oldest first). */
    static List<String> smallest(Path directory, Predicate<String> filter, int limit) throws IOException {
        PriorityQueue<String> largestFirst = new PriorityQueue<>(Math.min(limit, 1024), Collections.reverseOrder());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!filter.test(name)) {
                    continue;
                }
                if (largestFirst.size() < limit) {
                    largestFirst.add(name);
                } else if (name.compareTo(largestFirst.peek()) < 0) {
                    largestFirst.poll();
                    largestFirst.add(name);
                }
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        }
        List<String> names = new ArrayList<>(largestFirst);
        Collections.sort(names);
        return names;
    }

    /** How many names pass the filter. */
    static long count(Path directory, Predicate<String> filter) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (filter.test(entry.getFileName().toString())) {
                    count++;
                }
            }
        } catch (NoSuchFileException missing) {
            return 0;
        }
        return count;
    }

    /** How many names pass the filter, and the smallest of them, from one pass over the directory. */
    static Summary summarize(Path directory, Predicate<String> filter) throws IOException {
        long count = 0;
        String smallest = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (filter.test(name)) {
                    count++;
                    if (smallest == null || name.compareTo(smallest) < 0) {
                        smallest = name;
                    }
                }
            }
        } catch (NoSuchFileException missing) {
            return new Summary(0, null);
        }
        return new Summary(count, smallest);
    }

    /**
     * What one pass over a directory found.
     *
     * @param count how many names passed the filter
     * @param smallest the smallest of them (the oldest message), or {@code null} when none did
     */
    record Summary(long count, String smallest) {
    }

    /** Every entry that passes the filter (for small folders: claims, owners). */
    static List<Path> entries(Path directory, Predicate<String> filter) throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (filter.test(entry.getFileName().toString())) {
                    result.add(entry);
                }
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        }
        return result;
    }
}
