package io.ipsync.testing;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message body that proves it arrived whole: its id, padding of a length the test chooses, and
 * a CRC-32 of both. A reader that got a partial, mixed or corrupted message either cannot parse
 * it or finds {@link #isIntact()} false.
 *
 * @param id unique within one test
 * @param padding filler that makes messages of different sizes
 * @param crc the CRC-32 of {@code id + "/" + padding}
 */
public record CheckedPayload(String id, String padding, long crc) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A payload for {@code id} with {@code paddingLength} pseudo-random letters (the same for the same id). */
    public static CheckedPayload of(String id, int paddingLength) {
        SplittableRandom random = new SplittableRandom(id.hashCode());
        StringBuilder padding = new StringBuilder(paddingLength);
        for (int i = 0; i < paddingLength; i++) {
            padding.append((char) ('a' + random.nextInt(26)));
        }
        return new CheckedPayload(id, padding.toString(), crcOf(id, padding.toString()));
    }

    /** Reads a payload from JSON bytes. */
    public static CheckedPayload parse(byte[] json) {
        return JSON.readValue(json, CheckedPayload.class);
    }

    public byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    /** Whether the checksum matches the id and padding. */
    public boolean isIntact() {
        return id != null && padding != null && crc == crcOf(id, padding);
    }

    private static long crcOf(String id, String padding) {
        CRC32 crc = new CRC32();
        crc.update((id + "/" + padding).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Override
    public String toString() {
        return "CheckedPayload[" + id + ", " + padding.length() + " chars of padding, crc " + crc + "]";
    }
}
