package io.ipsync.file;

import java.io.IOException;

/** A look at the file system that may fail with an {@link IOException}. */
@FunctionalInterface
interface IoSupplier<T> {

    T get() throws IOException;
}
