package io.ipsync.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a UTF-8 stream, numbered from 1. Lines end with {@code \n} or {@code \r\n}; a
 * last line without an end counts too, and a byte-order mark before the first is dropped. Each
 * line is decoded on its own, so malformed UTF-8 is reported with the number of its line.
 * Reads ahead in a buffer; not thread-safe.
 */
final class InputLines {

    private final InputStream in;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private long number;

    InputLines(InputStream in) {
        this.in = new BufferedInputStream(in, 64 * 1024);
    }

    /**
     * The next line without its end, or {@code null} at the end of the stream.
     *
     * @throws InvalidMessageException naming the line when it is not UTF-8
     */
    String next() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        number++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMessageException("line " + number + " is not UTF-8 text");
        }
        return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The number of the line last returned by {@link #next()}. */
    long number() {
        return number;
    }
}
