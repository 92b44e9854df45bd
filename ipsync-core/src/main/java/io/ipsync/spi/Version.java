package io.ipsync.spi;

/**
 * An opaque marker of one state of a signal or a value: two reads return equal versions
 * exactly when nothing was signalled or published in between.
 *
 * <p>A layout may compose it from anything that changes on every signal (for the file layout:
 * the file's identity, modification time, change time and size).
 *
 * @param value the layout's textual form of the marker; compared, never interpreted, above the seam
 */
public record Version(String value) {
}
