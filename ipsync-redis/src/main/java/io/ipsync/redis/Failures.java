package io.ipsync.redis;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Short descriptions of what Lettuce and the server report, for the messages of the transport's exceptions. */
final class Failures {

    private Failures() {
    }

    /** The failure and its causes as one line: {@code Unable to connect to localhost:6379: Connection refused}. */
    static String describe(Throwable failure) {
        Throwable current = unwrap(failure);
        StringBuilder text = new StringBuilder();
        int depth = 0;
        while (current != null && depth < 4) {
            String message = current.getMessage();
            String part = message == null || message.isBlank() ? current.getClass().getSimpleName() : message;
            if (text.indexOf(part) < 0) {
                if (text.length() > 0) {
                    text.append(": ");
                }
                text.append(part);
            }
            current = current.getCause() == current ? null : current.getCause();
            depth++;
        }
        return text.toString();
    }

    /** The failure inside the wrappers futures put around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
