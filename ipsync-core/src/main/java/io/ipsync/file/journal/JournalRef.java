package io.ipsync.file.journal;

/**
 * The journal's locator of a claim: the chain and position of the claimed frame and the state
 * word it was claimed with (owner slot and generation), which every settlement compares against.
 */
record JournalRef(boolean retryChain, long position, long owned) {
}
