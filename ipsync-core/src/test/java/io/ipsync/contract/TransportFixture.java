package io.ipsync.contract;

import io.ipsync.ChannelAddress;
import io.ipsync.spi.TransportProvider;

/**
 * What the contract tests need from a transport: the transport itself and fresh, empty channels
 * on real storage. Each transport's test module implements it once and extends the contract
 * classes ({@link QueueContractTests}, {@link EventContractTests}, {@link DataEventContractTests})
 * with it, so that every transport passes the same tests.
 */
public interface TransportFixture {

    /** The transport under test. */
    TransportProvider transport();

    /** A queue no other test uses, empty. {@code name} is a hint for names and error messages. */
    ChannelAddress newQueue(String name);

    /** An event no other test uses, never signalled. */
    ChannelAddress newEvent(String name);

    /** A data event no other test uses, never published. */
    ChannelAddress newDataEvent(String name);

    /**
     * The address as a child JVM is given it: {@link ChannelAddress#parse} there, with the same
     * class path, returns an address of the same channel.
     */
    String text(ChannelAddress address);
}
