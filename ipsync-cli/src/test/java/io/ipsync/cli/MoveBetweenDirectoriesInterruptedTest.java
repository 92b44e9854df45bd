package io.ipsync.cli;

/** A move between two directories, killed and run again. */
class MoveBetweenDirectoriesInterruptedTest extends MoveInterruptedTests {

    @Override
    String newSource(String name) {
        return temp.resolve("source").resolve(name).toString();
    }

    @Override
    String newTarget(String name) {
        return temp.resolve("target").resolve(name).toString();
    }
}
