package io.ipsync.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes as a build would, in this JVM and therefore with this JVM's Spring context
 * cache: what a test of {@code @IpsyncTest} needs to see how contexts are made, shared and closed
 * across test classes. The classes it runs are nested in the test that launches them and run only
 * when launched ({@code @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")}), never
 * on their own.
 */
final class TestClassLauncher {

    private static volatile boolean launching;

    private TestClassLauncher() {
    }

    /** Whether a launch is in progress: the condition of the launched classes. */
    static boolean isLaunching() {
        return launching;
    }

    /** Runs the classes one after the other, in the order given, and asserts that every test of each passed. */
    static void runAndExpectSuccess(Class<?>... testClasses) {
        launching = true;
        try {
            for (Class<?> testClass : testClasses) {
                SummaryGeneratingListener listener = new SummaryGeneratingListener();
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(testClass))
                        .build(), listener);
                TestExecutionSummary summary = listener.getSummary();
                StringWriter failures = new StringWriter();
                summary.printFailuresTo(new PrintWriter(failures), 40);
                assertThat(summary.getTotalFailureCount()).as("failures of %s%n%s", testClass.getSimpleName(), failures)
                        .isZero();
                assertThat(summary.getTestsSucceededCount()).as("tests of %s that passed", testClass.getSimpleName())
                        .isPositive();
            }
        } finally {
            launching = false;
        }
    }
}
