package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.FRAME_ATTEMPTS;
import static io.ipsync.file.journal.JournalFormat.FRAME_CONTENT_LENGTH;
import static io.ipsync.file.journal.JournalFormat.FRAME_HEADER;
import static io.ipsync.file.journal.JournalFormat.FRAME_HEADERS_LENGTH;
import static io.ipsync.file.journal.JournalFormat.FRAME_ORIGIN;
import static io.ipsync.file.journal.JournalFormat.FRAME_PUT_MICROS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the parts of a frame: its headers (each name and value as a 2-byte length and
 * UTF-8 bytes, in order), its content, and the message id made of its origin.
 */
final class Frames {

    private static final byte[] NONE = new byte[0];

    private Frames() {
    }

    /** The message id of a frame whose first copy was at {@code origin} in the main chain. */
    static String id(long origin) {
        char[] id = new char[19];
        id[0] = 'j';
        id[1] = '-';
        id[10] = '-';
        for (int i = 0; i < 8; i++) {
            id[9 - i] = HEX[(int) (origin >>> 32 + 4 * i) & 0xF];
            id[18 - i] = HEX[(int) (origin >>> 4 * i) & 0xF];
        }
        return new String(id);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static byte[] encodeHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return NONE;
        }
        ByteBuffer out = ByteBuffer.allocate(JournalFormat.MAX_ENCODED_HEADERS).order(ByteOrder.nativeOrder());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) name.length).put(name).putShort((short) value.length).put(value);
        }
        byte[] encoded = new byte[out.position()];
        out.flip().get(encoded);
        return encoded;
    }

    static Map<String, String> headers(ByteBuffer segment, int at) {
        int length = segment.getInt(at + FRAME_HEADERS_LENGTH);
        if (length == 0) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int position = at + FRAME_HEADER;
        int end = position + length;
        while (position < end) {
            String name = text(segment, position);
            position += 2 + Short.toUnsignedInt(segment.getShort(position));
            String value = text(segment, position);
            position += 2 + Short.toUnsignedInt(segment.getShort(position));
            headers.put(name, value);
        }
        return Collections.unmodifiableMap(headers);
    }

    private static String text(ByteBuffer segment, int at) {
        byte[] bytes = new byte[Short.toUnsignedInt(segment.getShort(at))];
        segment.get(at + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static int contentLength(ByteBuffer segment, int at) {
        return segment.getInt(at + FRAME_CONTENT_LENGTH);
    }

    static byte[] content(ByteBuffer segment, int at) {
        byte[] content = new byte[contentLength(segment, at)];
        segment.get(at + FRAME_HEADER + segment.getInt(at + FRAME_HEADERS_LENGTH), content);
        return content;
    }

    static byte[] encodedHeaders(ByteBuffer segment, int at) {
        byte[] encoded = new byte[segment.getInt(at + FRAME_HEADERS_LENGTH)];
        segment.get(at + FRAME_HEADER, encoded);
        return encoded;
    }

    static long origin(ByteBuffer segment, int at) {
        return segment.getLong(at + FRAME_ORIGIN);
    }

    static int attempts(ByteBuffer segment, int at) {
        return segment.getInt(at + FRAME_ATTEMPTS);
    }

    static long putMicros(ByteBuffer segment, int at) {
        return segment.getLong(at + FRAME_PUT_MICROS);
    }

    static Instant putTime(ByteBuffer segment, int at) {
        long micros = putMicros(segment, at);
        return Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
