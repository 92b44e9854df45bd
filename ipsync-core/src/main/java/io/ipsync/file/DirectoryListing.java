package io.ipsync.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        SmallestNames smallest = new SmallestNames(limit);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (filter.test(name)) {
                    smallest.offer(name);
                }
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        }
        return smallest.sorted();
    }

    /**
     * The {@code limit} smallest of the names offered, kept in an array with room for half as many
     * again: a name not smaller than the largest kept costs one comparison; when the array is full,
     * it is sorted and its larger part dropped. Names that come in order cost little either way:
     * oldest first, every name after the first full array is dropped at once; newest first (tmpfs
     * on Linux 6.18), the array holds two sorted runs that the sort (a TimSort) merges in a few
     * comparisons. A bounded heap would pay some thirty comparisons for every name of a listing
     * that comes newest first.
     */
    private static final class SmallestNames {

        private final int limit;

        private final String[] names;

        private int size;

        /** The largest name kept, once {@link #names} was full; {@code null} before. */
        private String bound;

        SmallestNames(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("A listing keeps at least one name, not " + limit);
            }
            this.limit = limit;
            this.names = new String[Math.max(limit + limit / 2, limit + 1)];
        }

        void offer(String name) {
            if (bound != null && name.compareTo(bound) >= 0) {
                return;
            }
            names[size++] = name;
            if (size == names.length) {
                Arrays.sort(names, 0, size);
                Arrays.fill(names, limit, size, null);
                size = limit;
                bound = names[limit - 1];
            }
        }

        List<String> sorted() {
            Arrays.sort(names, 0, size);
            return new ArrayList<>(Arrays.asList(names).subList(0, Math.min(size, limit)));
        }
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
