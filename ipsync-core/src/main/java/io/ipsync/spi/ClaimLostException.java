package io.ipsync.spi;

import java.io.IOException;

/**
 * A settlement (acknowledge, retry, dead-letter, release) of a claim that is no longer this
 * consumer's: it was settled already, given back when the channel closed, or taken over by another
 * consumer after this one was taken for dead (a lease that ran out, the queue's bookkeeping
 * removed by hand). Nothing was changed: the message is wherever its current holder keeps it.
 *
 * <p>Every transport throws this, and only this, for a lost claim, so that code above the seam can
 * tell "nothing left to settle" from a storage failure worth trying again.
 */
public class ClaimLostException extends IOException {

    private static final long serialVersionUID = 1L;

    public ClaimLostException(String message) {
        super(message);
    }

    public ClaimLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
