package io.ipsync.cli;

import io.ipsync.FileSharing;
import io.ipsync.file.FileSettings;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The options that only file channels have, as one command was given them: {@code --group}
 * ({@link SharingOption}) and, on the commands that write, {@code --sync}.
 *
 * @param sharing who may use what the command creates or opens
 * @param sync whether writes are forced to the storage device
 */
record FileOptions(FileSharing sharing, boolean sync) {

    /** The options of a command that has {@code --group} but no {@code --sync}. */
    static FileOptions of(SharingOption sharing) {
        return new FileOptions(sharing.sharing(), false);
    }

    /** The options of a command that has both. */
    static FileOptions of(SharingOption sharing, boolean sync) {
        return new FileOptions(sharing.sharing(), sync);
    }

    /** The file settings these options stand for. */
    FileSettings settings(boolean createDirectory) {
        return FileSettings.builder().sharing(sharing).createDirectory(createDirectory).syncWrites(sync).build();
    }

    /**
     * Refuses these options for a channel that is not a file, where they would do nothing.
     *
     * @throws ParameterException a usage error naming the first option given and the channel
     */
    void requireFile(CommandLine command, ChannelArgument channel) {
        if (channel.isFile()) {
            return;
        }
        if (sharing == FileSharing.GROUP) {
            throw notForFiles(command, "--group", channel);
        }
        if (sync) {
            throw notForFiles(command, "--sync", channel);
        }
    }

    /** The usage error of a file option given for a channel of another transport. */
    static ParameterException notForFiles(CommandLine command, String option, ChannelArgument channel) {
        return new ParameterException(command, option + " applies to files only, and " + channel + " is a "
                + channel.transport() + " channel");
    }
}
