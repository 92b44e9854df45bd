package io.ipsync.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.spring.test.TestShop.TestOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What {@code @IpsyncTest} does to test contexts across test classes, seen by running test classes
 * as a build would (see {@link TestClassLauncher}), with Spring's context cache: each context gets
 * a fresh base directory, removed when the context closes; contexts of other configurations have
 * their own; test classes of one configuration share one cached context.
 *
 * <p>Each launched class records what it saw in {@link #seen}, by its name: the base directory, and
 * how many messages waited in its {@code parked} queue before it put one there. Each outer test
 * launches classes of configurations no other test uses (the property {@code test.configuration}),
 * so that no cached context carries over between them.
 */
class IpsyncTestBaseDirectoryTests {

    /** What each launched class saw. */
    static final Map<String, Seen> seen = new ConcurrentHashMap<>();

    record Seen(Path baseDir, long waitingBefore) {
    }

    @Test
    void eachContextHasAFreshBaseDirectoryThatIsRemovedWhenTheContextCloses() {
        TestClassLauncher.runAndExpectSuccess(Dirtied.class);

        Seen dirtied = seen.get("Dirtied");
        assertThat(dirtied.baseDir().getFileName().toString()).startsWith("ipsync-test-");
        assertThat(dirtied.waitingBefore()).as("messages waiting in a fresh context").isZero();
        assertThat(dirtied.baseDir()).as("the base directory once @DirtiesContext closed the context").doesNotExist();
    }

    @Test
    void contextsOfDifferentConfigurationsEachHaveTheirOwnDirectory() {
        TestClassLauncher.runAndExpectSuccess(Alpha.class, Beta.class);

        Seen alpha = seen.get("Alpha");
        Seen beta = seen.get("Beta");
        assertThat(beta.baseDir()).isNotEqualTo(alpha.baseDir());
        assertThat(beta.waitingBefore()).as("messages Beta saw waiting after Alpha put one").isZero();
        // Both contexts stay cached, their directories with them, until the test JVM ends.
        assertThat(alpha.baseDir()).isDirectory();
        assertThat(beta.baseDir()).isDirectory();
    }

    @Test
    void testClassesOfOneConfigurationShareOneCachedContextAndItsDirectory() {
        TestClassLauncher.runAndExpectSuccess(Gamma.class, GammaAgain.class);

        Seen gamma = seen.get("Gamma");
        Seen again = seen.get("GammaAgain");
        assertThat(again.baseDir()).isEqualTo(gamma.baseDir());
        assertThat(gamma.waitingBefore()).isZero();
        assertThat(again.waitingBefore()).as("messages waiting that the first class put").isOne();
    }

    /** Records what the context looks like, then leaves a message in it (so its directory is not empty). */
    abstract static class Recording {

        @Autowired
        IpsyncTestHarness ipsync;

        @Value("${ipsync.base-dir}")
        Path baseDir;

        @Test
        void recordsItsBaseDirectoryAndLeavesAMessage() {
            assertThat(baseDir).isDirectory();
            assertThat(ipsync.queue("parked").location()).startsWith(baseDir.toString());
            long waitingBefore = ipsync.queue("parked").stats().waiting();
            ipsync.put("parked", TestOrder.of(getClass().getSimpleName(), 1));
            assertThat(Files.isDirectory(baseDir.resolve("parked"))).isTrue();
            seen.put(getClass().getSimpleName(), new Seen(baseDir, waitingBefore));
        }
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=dirtied")
    @IpsyncTest
    @DirtiesContext
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class Dirtied extends Recording {
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=alpha")
    @IpsyncTest
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class Alpha extends Recording {
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=beta")
    @IpsyncTest
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class Beta extends Recording {
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=gamma")
    @IpsyncTest
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class Gamma extends Recording {
    }

    @SpringBootTest(classes = TestShop.class, properties = "test.configuration=gamma")
    @IpsyncTest
    @EnabledIf("io.ipsync.spring.test.TestClassLauncher#isLaunching")
    static class GammaAgain extends Recording {
    }
}
