package io.ipsync.redis;

import java.io.IOException;

/**
 * The server answered a command with an error ({@code NOSCRIPT}, {@code NOGROUP}, {@code WRONGTYPE},
 * {@code NOPERM}...): the connection is fine, the command was refused.
 */
final class RedisReplyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String errorCode;

    RedisReplyException(String message, String reply, Throwable cause) {
        super(message, cause);
        String text = reply == null ? "" : reply.trim();
        int space = text.indexOf(' ');
        this.errorCode = space < 0 ? text : text.substring(0, space);
    }

    /** The error's first word, as Redis sends it: {@code NOGROUP}, {@code NOSCRIPT}, {@code ERR}. */
    String errorCode() {
        return errorCode;
    }
}
