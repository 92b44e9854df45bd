/**
 * The file layout: ipsync's channels as files in a directory, byte-compatible with
 * jk_interprocesssync. The on-disk format is documented on {@link io.ipsync.file.FileQueueChannel}
 * (queues), {@link io.ipsync.file.FileSignalChannel} (events) and
 * {@link io.ipsync.file.FileValueChannel} (data events), and in {@code docs/on-disk-format.md}.
 */
package io.ipsync.file;
