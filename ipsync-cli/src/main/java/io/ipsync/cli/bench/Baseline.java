package io.ipsync.cli.bench;

/** The two limits of this machine that ipsync's rates are compared with, measured by {@link Scenario#BASELINE}. */
enum Baseline {

    /** Create, write and rename a message file: {@link BareWriteRole}. */
    WRITE("write"),

    /** List, read and delete message files: {@link BareReadRole}. */
    READ("read");

    /** The key of the baseline's figure, and how the ratio column names it. */
    final String key;

    Baseline(String key) {
        this.key = key;
    }
}
