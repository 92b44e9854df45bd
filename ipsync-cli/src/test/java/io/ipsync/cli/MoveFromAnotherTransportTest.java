package io.ipsync.cli;

/** {@code ipsync move} from a queue of another transport, given by its URI, to a directory given as a {@code file:} URI. */
class MoveFromAnotherTransportTest extends MoveCommandTests {

    @Override
    String newSource(String name) {
        return RelayTransport.address(temp.resolve("source").resolve(name));
    }

    @Override
    String newTarget(String name) {
        return temp.resolve("target").resolve(name).toUri().toString();
    }
}
