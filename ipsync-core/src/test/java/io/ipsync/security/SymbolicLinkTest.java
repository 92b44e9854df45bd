package io.ipsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.testing.RawMessages;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipsync never follows a symbolic link in its own bookkeeping: a link planted where it keeps a
 * folder is refused with an error naming it, a link among the claim folders is ignored, and the
 * link's target is never written, moved or created. (Links named like messages are covered by
 * {@code BadInputTest}.)
 */
class SymbolicLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String MESSAGE = RawMessages.name(1_000_000_000_000_000_000L);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {".ipsync", ".ipsync/owners", ".ipsync/claims", ".ipsync/retry", ".ipsync/dead"})
    void linkWhereABookkeepingFolderBelongsIsRefusedAndNotFollowed(String folder) throws Exception {
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createDirectories(queueDir.resolve(folder).getParent());
        Path link = Files.createSymbolicLink(queueDir.resolve(folder), elsewhere);
        RawMessages.write(queueDir, MESSAGE, "{\"kept\": true}");

        try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
            assertThatThrownBy(() -> queue.receive(WAIT))
                    .hasMessageContaining(link + " is a symbolic link where ipsync keeps a folder of its own");
        }
        assertThat(RawMessages.filesBelow(elsewhere)).as("nothing was created through the link").isEmpty();
        assertThat(RawMessages.waiting(queueDir)).as("the message stays where it was").containsExactly(MESSAGE);
    }

    @Test
    void fileWhereABookkeepingFolderBelongsIsRefused() throws Exception {
        Path queueDir = Files.createDirectories(dir.resolve("orders/.ipsync"));
        Path file = Files.writeString(queueDir.resolve("retry"), "not a folder");

        try (JsonDataQueue queue = JsonDataQueue.open(queueDir.getParent())) {
            assertThatThrownBy(() -> queue.receive(WAIT)).hasMessageContaining(file + " is not a directory");
        }
    }

    @Test
    void linkAmongClaimFoldersIsIgnoredNotReaped() throws Exception {
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        Path victim = Files.createDirectory(dir.resolve("victim"));
        Files.writeString(victim.resolve("1-" + MESSAGE), "{\"victim's\": \"file\"}");
        try (JsonDataQueue queue = JsonDataQueue.open(queueDir, QueueOptions.builder().reclaimInterval(Duration.ofMillis(20)).build())) {
            queue.put("first");
            try (ReceivedMessage first = queue.receive(WAIT).orElseThrow()) {
                first.acknowledge();
            }
            // a "dead consumer" whose claim folder is a link, and no lock file: the reaper would take it back
            Path link = Files.createSymbolicLink(queueDir.resolve(".ipsync/claims/PlantedOwnerPlantedOw"), victim);
            queue.put("second");
            assertThat(queue.take(String.class)).isEqualTo("second");
            assertThat(queue.receive(Duration.ofMillis(500))).as("nothing came through the link, reaped every 20 ms").isEmpty();
            assertThat(Files.isSymbolicLink(link)).isTrue();
        }
        assertThat(RawMessages.filesBelow(victim)).containsExactly("1-" + MESSAGE);
        assertThat(RawMessages.filesBelow(queueDir.resolve(".ipsync/retry"))).isEmpty();
        assertThat(queueDir.resolve(".ipsync/owners/PlantedOwnerPlantedOw.lock")).doesNotExist();
    }

    @Test
    void linkWhereADeadConsumersLockFileBelongsIsNotFollowed() throws Exception {
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        Path target = dir.resolve("created-through-the-link");
        Files.createDirectories(queueDir.resolve(".ipsync/claims/PlantedOwnerPlantedOw"));
        Files.createDirectories(queueDir.resolve(".ipsync/owners"));
        Files.createSymbolicLink(queueDir.resolve(".ipsync/owners/PlantedOwnerPlantedOw.lock"), target);
        try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
            queue.put("work");
            assertThat(queue.take(String.class)).isEqualTo("work");
        }
        assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).as("the reaper never opened the link's target").isFalse();
    }

    @Test
    void linkNamedLikeARetryIsDeadLetteredAsALinkAndItsTargetIsUntouched() throws Exception {
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        Path secret = Files.writeString(dir.resolve("secret.json"), "{\"secret\": true}");
        Files.createDirectories(queueDir.resolve(".ipsync/retry"));
        Files.createSymbolicLink(queueDir.resolve(".ipsync/retry/0000000000001-1-" + MESSAGE), secret);

        try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
            queue.put("valid");
            assertThat(queue.take(String.class)).as("the link was set aside, not delivered").isEqualTo("valid");
        }
        Path deadLink = queueDir.resolve(".ipsync/dead/" + MESSAGE);
        assertThat(Files.isSymbolicLink(deadLink)).isTrue();
        assertThat(queueDir.resolve(".ipsync/dead/reason-" + MESSAGE + ".json")).content().contains("symbolic link (never followed)");
        assertThat(secret).hasContent("{\"secret\": true}");
    }

    @Test
    void linkPlantedAsTheTemporaryReasonFileIsNeverWrittenThrough() throws Exception {
        Path queueDir = Files.createDirectory(dir.resolve("orders"));
        Path precious = Files.writeString(dir.resolve("precious.txt"), "do not truncate");
        RawMessages.write(queueDir, MESSAGE, "{\"ok\": 1}");
        Files.createDirectories(queueDir.resolve(".ipsync/dead"));
        Path link = Files.createSymbolicLink(queueDir.resolve(".ipsync/dead/.reason-" + MESSAGE + ".json.tmp"), precious);

        try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
            try (ReceivedMessage message = queue.receive(WAIT).orElseThrow()) {
                message.deadLetter("checking the reason file", null);
            }
        }
        assertThat(precious).hasContent("do not truncate");
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(queueDir.resolve(".ipsync/dead/reason-" + MESSAGE + ".json")).content().contains("checking the reason file");
    }

    @Test
    void dataEventFileThatIsALinkIsNotRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.json"), "{\"password\": \"hunter2\"}");
        Path signals = Files.createDirectory(dir.resolve("signals"));
        Files.createSymbolicLink(signals.resolve("settings.json"), secret);

        try (JsonDataEvent settings = JsonDataEvent.open(signals.resolve("settings.json"))) {
            assertThat(settings.latest()).as("a link is not a value").isEmpty();
            settings.signal(List.of("replaced"));
            assertThat(settings.latest().orElseThrow().as(Object.class)).isEqualTo(List.of("replaced"));
        }
        assertThat(secret).as("publishing replaced the link, not its target").hasContent("{\"password\": \"hunter2\"}");
        assertThat(Files.isSymbolicLink(signals.resolve("settings.json"))).isFalse();
    }
}
