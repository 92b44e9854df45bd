package io.ipsync.file;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code read(2)} of an inotify descriptor said, sorted for delivery: the names per
 * watch descriptor in the order they came, with the {@link WatchInterest} kind of each; the
 * watches that ended; and whether the kernel's queue overflowed.
 *
 * <p>A name whose event is of no kind ipsync asks for (the kernel reports only what the masks
 * ask for, but a directory's mask is the union of its registrations') is still listed: the
 * registrations' filters drop it, on the reading thread, before anybody is woken.
 */
final class InotifyEvents {

    /** Names per watch descriptor, in the order each descriptor first appeared. */
    final Map<Integer, Batch> byWatch = new LinkedHashMap<>();

    /** Watch descriptors whose watch ended: {@code IN_IGNORED} (the directory was deleted or unmounted, or the watch removed) or {@code IN_MOVE_SELF}. */
    final List<Integer> ended = new ArrayList<>();

    /** {@code IN_Q_OVERFLOW}: notifications were dropped, for any directory. */
    boolean overflow;

    /** One directory's names and their kinds, in order. */
    static final class Batch {

        final List<String> names = new ArrayList<>();

        final List<WatchInterest> kinds = new ArrayList<>();
    }

    private InotifyEvents() {
    }

    /**
     * Parses the {@code bytes} first bytes of {@code buffer}: a sequence of
     * {@code struct inotify_event} (wd, mask, cookie, len, then {@code len} bytes of name padded
     * with NULs), names decoded as the JDK decodes file names.
     */
    static InotifyEvents parse(MemorySegment buffer, int bytes, Charset names) {
        InotifyEvents events = new InotifyEvents();
        long offset = 0;
        while (offset + Inotify.EVENT_HEADER_BYTES <= bytes) {
            int wd = buffer.get(JAVA_INT, offset);
            int mask = buffer.get(JAVA_INT, offset + 4);
            int length = buffer.get(JAVA_INT, offset + 12);
            long nameOffset = offset + Inotify.EVENT_HEADER_BYTES;
            offset = nameOffset + length;
            if ((mask & Inotify.IN_Q_OVERFLOW) != 0) {
                events.overflow = true;
                continue;
            }
            if ((mask & (Inotify.IN_IGNORED | Inotify.IN_MOVE_SELF)) != 0) {
                events.ended.add(wd);
                continue;
            }
            WatchInterest kind = kind(mask);
            if (kind == null || length == 0) {
                continue; // about the directory itself (IN_ATTRIB of it, for example), not an entry
            }
            Batch batch = events.byWatch.computeIfAbsent(wd, any -> new Batch());
            batch.names.add(buffer.getString(nameOffset, names));
            batch.kinds.add(kind);
        }
        return events;
    }

    private static WatchInterest kind(int mask) {
        if ((mask & Inotify.IN_MOVED_TO) != 0) {
            return WatchInterest.RENAMED_IN;
        }
        if ((mask & Inotify.IN_CREATE) != 0) {
            return WatchInterest.CREATED;
        }
        if ((mask & (Inotify.IN_CLOSE_WRITE | Inotify.IN_ATTRIB)) != 0) {
            return WatchInterest.MODIFIED;
        }
        return null;
    }

    /** The kernel events that report what {@code interest} asks for. */
    static int mask(WatchInterest interest) {
        return switch (interest) {
            case RENAMED_IN -> Inotify.IN_MOVED_TO;
            case CREATED -> Inotify.IN_MOVED_TO | Inotify.IN_CREATE;
            case MODIFIED -> Inotify.IN_MOVED_TO | Inotify.IN_CLOSE_WRITE | Inotify.IN_ATTRIB;
        };
    }
}
