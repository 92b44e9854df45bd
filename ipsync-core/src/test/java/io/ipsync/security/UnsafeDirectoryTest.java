package io.ipsync.security;

import static io.ipsync.security.FileModesOnDisk.setMode;
import static io.ipsync.security.FileModesOnDisk.setOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.FileSharing;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.file.UnsafeDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipsync refuses a channel directory that another user could replace or redirect: the directory
 * or an ancestor owned by someone else, or writable by others without the sticky bit.
 */
class UnsafeDirectoryTest {

    private static final int STRANGER = 40123;

    private static final FileSettings SHARED = FileSettings.builder().sharing(FileSharing.GROUP).build();

    @TempDir
    Path dir;

    @Test
    void worldWritableParentWithoutStickyBitIsRefused() throws Exception {
        Path parent = Files.createDirectory(dir.resolve("open"));
        setMode(parent, 0777);
        Path queueDir = parent.resolve("orders");

        assertThatThrownBy(() -> JsonDataQueue.open(queueDir))
                .isInstanceOf(IpsyncException.class)
                .hasCauseInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining(parent + " is writable by every user (mode 0777) without the sticky bit");
    }

    @Test
    void worldWritableQueueDirectoryWithoutStickyBitIsRefusedForEventsToo() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        setMode(open, 0777);

        assertThatThrownBy(() -> Event.open(open.resolve("reload.event")))
                .hasMessageContaining(open + " is writable by every user");
        assertThatThrownBy(() -> JsonDataEvent.open(open.resolve("settings.json")))
                .hasMessageContaining(open + " is writable by every user");
    }

    @Test
    void worldWritableParentWithStickyBitIsAccepted() throws Exception {
        Path parent = Files.createDirectory(dir.resolve("tmp-like"));
        setMode(parent, 01777);

        try (JsonDataQueue queue = JsonDataQueue.open(parent.resolve("orders"))) {
            queue.put("fine");
            assertThat(queue.take(String.class)).isEqualTo("fine");
        }
    }

    @Test
    void groupWritableDirectoryIsRefusedWhenPrivateAndAcceptedWhenSharedWithOwnGroup() throws Exception {
        Path parent = Files.createDirectory(dir.resolve("team"));
        setMode(parent, 0770);

        assertThatThrownBy(() -> JsonDataQueue.open(parent.resolve("orders")))
                .hasMessageContaining(parent + " is writable by its group")
                .hasMessageContaining("ipsync.sharing=group");
        assertThatCode(() -> JsonDataQueue.open(parent.resolve("orders"), QueueOptions.DEFAULTS, SHARED).close())
                .doesNotThrowAnyException();
    }

    @Test
    void groupWritableDirectoryOfAForeignGroupIsRefusedEvenWhenShared() throws Exception {
        assumeRoot();
        Path parent = Files.createDirectory(dir.resolve("team"));
        setMode(parent, 0770);
        setOwner(parent, 0, STRANGER);

        assertThatThrownBy(() -> JsonDataQueue.open(parent.resolve("orders"), QueueOptions.DEFAULTS, SHARED))
                .hasMessageContaining(parent + " is writable by its group " + STRANGER);
    }

    @Test
    void queueDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        assumeRoot();
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        setOwner(queueDir, STRANGER, STRANGER);

        assertThatThrownBy(() -> JsonDataQueue.open(queueDir))
                .hasMessageContaining("Refusing " + queueDir + ": " + queueDir + " is owned by user " + STRANGER);
    }

    @Test
    void ancestorOwnedByAnotherUserIsRefused() throws Exception {
        assumeRoot();
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Path queueDir = Files.createDirectory(theirs.resolve("orders"));
        setOwner(theirs, STRANGER, STRANGER);

        assertThatThrownBy(() -> JsonDataQueue.open(queueDir)).hasMessageContaining(theirs + " is owned by user " + STRANGER);
        assertThatThrownBy(() -> JsonDataEvent.open(theirs.resolve("settings.json"), DataEventOptions.DEFAULTS, SHARED))
                .hasMessageContaining(theirs + " is owned by user " + STRANGER)
                .hasMessageContaining("its group " + STRANGER + " is not one of this process's groups");
    }

    @Test
    void directoryOfAnotherGroupMemberIsAcceptedWhenShared() throws Exception {
        assumeRoot();
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        setMode(queueDir, 02770);
        setOwner(queueDir, STRANGER, 0);

        assertThatThrownBy(() -> JsonDataQueue.open(queueDir)).hasMessageContaining("is owned by user " + STRANGER);
        try (JsonDataQueue queue = JsonDataQueue.open(queueDir, QueueOptions.DEFAULTS, SHARED)) {
            queue.put("from a colleague");
            assertThat(queue.take(String.class)).isEqualTo("from a colleague");
        }
    }

    @Test
    void linkPlantedByAnotherUserWhereTheQueueShouldBeIsRefused() throws Exception {
        assumeRoot();
        Path sticky = Files.createDirectory(dir.resolve("tmp-like"));
        setMode(sticky, 01777);
        Path redirected = Files.createDirectory(dir.resolve("redirected"));
        Path link = Files.createSymbolicLink(sticky.resolve("orders"), redirected);
        setOwner(link, STRANGER, STRANGER);

        assertThatThrownBy(() -> JsonDataQueue.open(link)).hasMessageContaining(link + " is owned by user " + STRANGER);
    }

    @Test
    void ownLinkToASafeDirectoryIsFollowed() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("orders"), real);

        try (JsonDataQueue queue = JsonDataQueue.open(link)) {
            queue.put(7);
        }
        try (JsonDataQueue queue = JsonDataQueue.open(real)) {
            assertThat(queue.take(Integer.class)).isEqualTo(7);
        }
    }

    @Test
    void linkToAnUnsafeDirectoryIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        setMode(open, 0777);
        Path link = Files.createSymbolicLink(dir.resolve("orders"), open);

        assertThatThrownBy(() -> JsonDataQueue.open(link)).hasMessageContaining(open + " is writable by every user");
    }

    private static void assumeRoot() throws Exception {
        assumeThat(FileModesOnDisk.runningAsRoot()).as("only root can give a directory to another user").isTrue();
    }
}
