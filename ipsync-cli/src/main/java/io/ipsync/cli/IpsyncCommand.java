package io.ipsync.cli;

/** Placeholder until the command line is written. */
public final class IpsyncCommand {

    private IpsyncCommand() {
    }

    public static void main(String[] args) {
        System.exit(2);
    }
}
