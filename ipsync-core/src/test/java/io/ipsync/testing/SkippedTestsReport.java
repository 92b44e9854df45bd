package io.ipsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every test that an assumption aborted (a missing privilege, tool or file-system feature:
 * mounts, {@code setpriv}, {@code mknod}, coarse timestamps, Python, a second JDK) with its reason,
 * one line each, in {@code target/ipsync-skipped-tests.txt} of the module under test, which
 * {@code .ci/run} prints with their count at the end of the build. Surefire sends the tests'
 * output to files, so a line printed here would not reach the build's output. Registered for every
 * module whose tests use core's test jar, through {@code META-INF/services}.
 */
public final class SkippedTestsReport implements TestExecutionListener {

    static final String FILE_NAME = "ipsync-skipped-tests.txt";

    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
            return;
        }
        String reason = result.getThrowable().map(Throwable::getMessage).orElse("no reason given");
        synchronized (skipped) {
            skipped.add(name(test) + ": " + reason.replace('\n', ' '));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        List<String> lines;
        synchronized (skipped) {
            lines = List.copyOf(skipped);
        }
        if (lines.isEmpty()) {
            return;
        }
        Path report = Path.of(System.getProperty("basedir", "."), "target", FILE_NAME);
        try {
            Files.createDirectories(report.getParent());
            Files.write(report, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report of skipped tests " + report, e);
        }
    }

    private static String name(TestIdentifier test) {
        return test.getSource()
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast)
                .map(source -> source.getClassName().substring(source.getClassName().lastIndexOf('.') + 1) + "#"
                        + source.getMethodName())
                .orElse(test.getDisplayName());
    }
}
