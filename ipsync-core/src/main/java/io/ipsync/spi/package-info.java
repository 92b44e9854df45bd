/**
 * The storage seam: what a layout (the file layout today; a memory-mapped journal or a
 * networked transport later) must provide so that ipsync's public types, its JSON codec,
 * its retry policy and its listener containers work on top of it unchanged.
 *
 * <p>Everything below this seam moves raw bytes (UTF-8 JSON text, possibly empty); everything
 * above it decides what those bytes mean. These interfaces are an internal contract between
 * ipsync's own modules: applications use {@link io.ipsync.Event}, {@link io.ipsync.JsonDataEvent}
 * and {@link io.ipsync.JsonDataQueue} instead, and the interfaces may change between minor
 * versions.
 */
package io.ipsync.spi;
