package io.ipsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.err} (where slf4j-simple logs) while open, and
 * passes it on. Tests run one at a time in this module, so the swap is safe.
 */
public final class StandardErrorCapture implements AutoCloseable {

    private final PrintStream original = System.err;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public StandardErrorCapture() {
        System.setErr(new PrintStream(new TeeStream(), true, StandardCharsets.UTF_8));
    }

    /** Everything written so far. */
    public synchronized String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    private final class TeeStream extends java.io.OutputStream {

        @Override
        public void write(int b) {
            synchronized (StandardErrorCapture.this) {
                captured.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (StandardErrorCapture.this) {
                captured.write(b, off, len);
            }
            original.write(b, off, len);
        }
    }
}
