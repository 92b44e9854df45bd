package io.ipsync.redis;

import java.time.Instant;
import java.util.regex.Pattern;

/** Stream entry ids, {@code <ms>-<sequence>}: the time part, and which texts are ids. */
final class StreamIds {

    private static final Pattern ID = Pattern.compile("\\d{1,20}(-\\d{1,20})?");

    private StreamIds() {
    }

    static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The milliseconds part: when the entry was added, by the server's clock, for ids the server made. */
    static long millis(String id) {
        int dash = id.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Instant time(String id) {
        return Instant.ofEpochMilli(millis(id));
    }
}
