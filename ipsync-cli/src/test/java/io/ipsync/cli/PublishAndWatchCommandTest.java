package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishAndWatchCommandTest {

    @TempDir
    Path temp;

    @Test
    void publishStoresTheValueAndCreatesDirectories() throws Exception {
        Path file = temp.resolve("a/b/price.json");

        CommandRun publish = run("publish", file.toString(), "{ \"eur\" : 1.10 }");

        assertThat(publish.exitCode()).isZero();
        assertThat(publish.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("{\"eur\":1.10}");
    }

    @Test
    void publishNullLeavesTheFileEmptyAndWatchPrintsNull() throws Exception {
        Path file = temp.resolve("price.json");

        assertThat(run("publish", file.toString(), "null").exitCode()).isZero();

        assertThat(Files.size(file)).isZero();
        CommandRun watch = run("watch", file.toString(), "-n", "1", "--fire-on-init", "--timeout", "10s");
        assertThat(watch.exitCode()).isZero();
        assertThat(watch.lines()).containsExactly("null");
    }

    @Test
    void publishRejectsAValueThatIsNotJsonAndWritesNothing() {
        Path file = temp.resolve("price.json");

        CommandRun publish = run("publish", file.toString(), "1.10 EUR");

        assertThat(publish.exitCode()).isEqualTo(2);
        assertThat(publish.err()).startsWith("ipsync publish: the value is not JSON: ");
        assertThat(file).doesNotExist();
    }

    @Test
    void watchPrintsValuesPublishedAfterItStartedNotTheOneBefore() throws Exception {
        Path file = temp.resolve("price.json");
        run("publish", file.toString(), "\"before\"");
        AtomicInteger published = new AtomicInteger();
        try (BackgroundRun watch = BackgroundRun.start("watch", file.toString(), "-n", "1", "--timeout", "30s")) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                run("publish", file.toString(), "{\"n\": " + published.incrementAndGet() + "}");
                return watch.isDone();
            });

            assertThat(watch.exitCode()).isZero();
            assertThat(watch.out()).matches("\\{\"n\":\\d+\\}\\R");
        }
    }

    @Test
    void watchWithFireOnInitPrintsTheCurrentValueCompactly() {
        Path file = temp.resolve("price.json");
        run("publish", file.toString(), "{ \"a\" : [1, 2.50] }");

        CommandRun watch = run("watch", file.toString(), "-n", "1", "--fire-on-init", "--timeout", "10s");

        assertThat(watch.exitCode()).isZero();
        assertThat(watch.lines()).containsExactly("{\"a\":[1,2.50]}");
    }

    @Test
    void watchSkipsAValueThatIsNotJsonWithAWarning() throws Exception {
        Path file = temp.resolve("price.json");
        Files.writeString(file, "{broken");
        try (BackgroundRun watch = BackgroundRun.start(
                "watch", file.toString(), "-n", "1", "--fire-on-init", "--timeout", "30s")) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !watch.err().isEmpty());
            assertThat(watch.err()).startsWith("ipsync watch: skipped a value: ");

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                run("publish", file.toString(), "\"fixed\"");
                return watch.isDone();
            });

            assertThat(watch.exitCode()).isZero();
            assertThat(watch.lines()).containsExactly("\"fixed\"");
        }
    }

    @Test
    void watchExitsOneWhenNoValueComesBeforeTheTimeout() {
        CommandRun watch = run("watch", temp.resolve("price.json").toString(), "--timeout", "200ms");

        assertThat(watch.exitCode()).isEqualTo(1);
        assertThat(watch.out()).isEmpty();
    }
}
