package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipsync.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which notification source a JVM uses ({@link NotificationSources}): the JDK's watch service on
 * Java 17-21, inotify through the FFM API on Java 22+ with native access (the multi-release
 * jar's versioned classes), the watch service again without native access, silently (no warning
 * of the JDK's on standard error), or when {@code -Dipsync.file.notifications=jdk} asks for it.
 *
 * <p>The surefire execution {@code java25-notifications} runs this on Java 25 with
 * {@code --enable-native-access=ALL-UNNAMED} and {@code ipsync.test.expectedNotifications=native};
 * the default one on Java 17 expects {@code jdk}.
 */
class NotificationSourceChoiceTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** What the test run expects of this JVM: set by the Java 25 run, else {@code jdk} below Java 22. */
    private static String expected() {
        String expected = System.getProperty("ipsync.test.expectedNotifications");
        if (expected == null && Runtime.version().feature() < 22) {
            return NotificationSource.JDK;
        }
        return expected;
    }

    @Test
    void theSharedWatcherUsesTheSourceThisJvmIsExpectedToUse() {
        String expected = expected();
        assumeTrue(expected != null, "no expectation for Java " + Runtime.version().feature() + " without the test run's");
        assertThat(DirectoryWatcher.shared().sourceKind()).isEqualTo(expected);
        assertThat(new DirectoryWatcher(java.nio.file.FileSystems.getDefault()).sourceKind()).isEqualTo(expected);
    }

    @Test
    void withoutNativeAccessAJvmWaitsThroughTheWatchServiceAndTheJdkPrintsNoWarning() throws Exception {
        String stderr = childSource(List.of(), NotificationSource.JDK);
        assertThat(stderr).doesNotContainIgnoringCase("restricted method").doesNotContain("WARNING");
    }

    @Test
    void thePropertyJdkKeepsTheWatchServiceEvenWithNativeAccess() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "--enable-native-access is a Java 22+ option here");
        childSource(List.of("--enable-native-access=ALL-UNNAMED", "-Dipsync.file.notifications=jdk"), NotificationSource.JDK);
    }

    @Test
    void withNativeAccessAJvmReadsInotifyItselfWhereTheVersionedClassesAre() throws Exception {
        assumeTrue(NotificationSource.NATIVE.equals(expected()), "this run has no Java 22 classes to choose inotify with");
        String stderr = childSource(List.of("--enable-native-access=ALL-UNNAMED"), NotificationSource.NATIVE);
        assertThat(stderr).doesNotContainIgnoringCase("restricted method");
    }

    @Test
    void askingForNativeBelowJava22FallsBackToTheWatchService() throws Exception {
        assumeTrue(Runtime.version().feature() < 22, "Java 17-21 only");
        childSource(List.of("-Dipsync.file.notifications=native"), NotificationSource.JDK);
    }

    /** Starts a child with {@code options}, checks the source it reports, and returns its standard error. */
    private static String childSource(List<String> options, String expected) throws InterruptedException {
        try (ChildJvm child = ChildJvm.startWithOptions("source", options, NotificationSourceMain.class)) {
            child.awaitSuccess(LONG);
            assertThat(child.lines()).as("what the child printed; its standard error: %s", child.stderr())
                    .contains("source " + expected);
            return child.stderr();
        }
    }
}
