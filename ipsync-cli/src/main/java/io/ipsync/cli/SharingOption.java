package io.ipsync.cli;

import io.ipsync.FileSharing;
import picocli.CommandLine.Option;

/**
 * {@code --group}: the channel is shared with the members of its directory's group rather than
 * private to this user (see {@link FileSharing} and SECURITY.md). A picocli mixin.
 */
final class SharingOption {

    @Option(names = "--group",
            description = {
                "Share with the directory's group: create folders 2770 and files 0660, and accept folders",
                "that this user's groups may write. Default: private to this user (0700/0600), and refuse",
                "folders that other users could write or replace."
            })
    private boolean group;

    FileSharing sharing() {
        return group ? FileSharing.GROUP : FileSharing.PRIVATE;
    }
}
