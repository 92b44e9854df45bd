package io.ipsync.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the user name and password of an address ({@code redis://user:secret@host:6379/orders})
 * out of what ipsync prints: they become {@code ***}. A channel's own {@code location()} and
 * {@code ChannelAddress.toString()} hold no secrets; this is for the raw argument and for
 * messages that quote it (a URI that does not parse, an argument picocli does not expect).
 */
final class Credentials {

    private static final String HIDDEN = "***";

    /** {@code scheme://}, then an authority up to its last {@code @}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@");

    /** {@code scheme://} at the start of an argument. */
    private static final Pattern URI_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    private Credentials() {
    }

    /** The text with the user information of every {@code scheme://user:password@} in it hidden. */
    static String hide(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@");
    }

    /**
     * A message about {@code argument} with the argument's user information hidden wherever the
     * message quotes it, even when the argument is not a well-formed URI (a password with a space
     * in it, which {@link #hide} alone would cut short).
     */
    static String hideIn(String message, String argument) {
        if (message == null || argument == null) {
            return hide(message);
        }
        String userInfo = userInfo(argument);
        if (userInfo == null) {
            return hide(message);
        }
        String hiddenArgument = argument.replace(userInfo + "@", HIDDEN + "@");
        return hide(message.replace(argument, hiddenArgument).replace(userInfo, HIDDEN));
    }

    /**
     * The part of a URI-like argument between {@code ://} and the last {@code @} before its path,
     * or {@code null} when it has none.
     */
    private static String userInfo(String argument) {
        Matcher start = URI_START.matcher(argument);
        if (!start.find()) {
            return null;
        }
        int authorityStart = start.end();
        int authorityEnd = argument.length();
        for (int i = authorityStart; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        int at = argument.lastIndexOf('@', authorityEnd - 1);
        return at <= authorityStart ? null : argument.substring(authorityStart, at);
    }
}
