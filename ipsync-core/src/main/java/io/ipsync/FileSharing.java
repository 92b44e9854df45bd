package io.ipsync;

/**
 * Who may use the directories and files that ipsync creates for a queue, an event or a data
 * event. Set it with {@link io.ipsync.file.FileSettings.Builder#sharing}; every process that
 * shares a channel should use the same mode.
 *
 * <p>Permissions are given when a directory or file is created (group mode then adds the setgid
 * bit to new directories, and group access to consumers' lock files), so there is no moment at
 * which they are wider. Directories and files that exist already keep theirs, except that an
 * event or data-event file is replaced by every signal or publish with a new file in this mode, and
 * ipsync reads files of any mode it may read (a Python peer creates its files with its own
 * umask). The process umask can only take bits away from the modes below: directories are set
 * explicitly after creation and are not affected, but message files are (in {@link #GROUP} mode
 * the umask must leave group read, which ipsync checks when the channel is opened).
 *
 * <p>The mode also decides which existing directories ipsync accepts: see {@code SECURITY.md}.
 */
public enum FileSharing {

    /**
     * Only this user: directories {@code 0700}, files {@code 0600}. The default. Directories
     * that other users could write or replace are refused.
     */
    PRIVATE,

    /**
     * This user and the members of the directory's group, for a producer and a consumer that run
     * as different users of one group: directories {@code 2770} (the set-group-ID bit makes new
     * files and folders inherit the directory's group rather than the creator's primary group),
     * files {@code 0660}. A directory that is group-writable, or owned by another user, is
     * accepted when its group is one of this process's groups; every member of that group can
     * then read, take and forge messages.
     */
    GROUP
}
