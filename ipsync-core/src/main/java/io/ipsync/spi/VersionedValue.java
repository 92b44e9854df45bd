package io.ipsync.spi;

import java.util.Objects;

/**
 * One published value with its version (the version of that value, not of whatever the
 * channel held a moment before or after the read).
 *
 * @param version the version of the value
 * @param json the value's JSON text in UTF-8; empty for a null value
 */
public record VersionedValue(Version version, byte[] json) {

    public VersionedValue {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(json, "json");
    }
}
