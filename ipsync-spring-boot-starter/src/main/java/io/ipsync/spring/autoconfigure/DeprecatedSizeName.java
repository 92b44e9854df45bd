package io.ipsync.spring.autoconfigure;

/**
 * The old name of a data event's size limit, {@code max-value-size}, still bound for the
 * applications that use it: queues and data events now share {@code max-message-size}. Startup
 * warns, naming the entry's property and its replacement, for as long as the old name is set.
 */
final class DeprecatedSizeName {

    /** The deprecated option, as it follows an entry's prefix. */
    static final String SUFFIX = ".max-value-size";

    /** Its replacement, as it follows an entry's prefix. */
    static final String REPLACEMENT_SUFFIX = ".max-message-size";

    private DeprecatedSizeName() {
    }

    /**
     * The warning for a data event whose entry sets the old name.
     *
     * @param prefix the entry's prefix, {@code ipsync.data-events.<name>}
     * @param replacementSetToo whether the entry sets the new name as well, which then wins
     */
    static String warning(String prefix, boolean replacementSetToo) {
        String old = prefix + SUFFIX;
        String replacement = prefix + REPLACEMENT_SUFFIX;
        return old + " is deprecated: use " + replacement + " (the name queues use too)"
                + (replacementSetToo ? "; " + old + " is ignored, since " + replacement + " is set" : "") + ".";
    }
}
