package io.ipsync.cli;

/** {@code ipsync move} from a directory to a directory, both given as paths. */
class MoveBetweenDirectoriesTest extends MoveCommandTests {

    @Override
    String newSource(String name) {
        return temp.resolve("source").resolve(name).toString();
    }

    @Override
    String newTarget(String name) {
        return temp.resolve("target").resolve(name).toString();
    }
}
