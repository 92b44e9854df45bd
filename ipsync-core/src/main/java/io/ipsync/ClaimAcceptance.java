package io.ipsync;

import io.ipsync.spi.Claim;
import java.time.Clock;

/**
 * The checks a claimed message passes before a consumer sees it, in this order: attempts left,
 * not expired, readable, exactly one JSON value. A message that fails one is dead-lettered, with
 * the failed check as its reason, and never handed out: bad input is set aside, never dropped,
 * and never stops the consumer.
 */
final class ClaimAcceptance {

    private final String location;

    private final QueueOptions options;

    private final JsonCodec codec;

    private final QueueSettlements settlements;

    private final Clock clock = Clock.systemUTC();

    ClaimAcceptance(String location, QueueOptions options, JsonCodec codec, QueueSettlements settlements) {
        this.location = location;
        this.options = options;
        this.codec = codec;
        this.settlements = settlements;
    }

    /** The claimed message ready for the consumer, or null once it has been dead-lettered. */
    ReceivedMessage accept(Claim claim) {
        MessageMetadata metadata = new MessageMetadata(
                location, claim.messageId(), claim.producerId(), claim.timestamp(), claim.attempt(), claim.headers());
        if (claim.attempt() > options.maxAttempts()) {
            settlements.setAside(claim, "its attempts are used up: attempt " + claim.attempt() + " would exceed the maximum of "
                    + options.maxAttempts() + " (its consumer died while handling the last one)", null);
            return null;
        }
        String expired = MessageExpiry.whyExpired(metadata, clock);
        if (expired != null) {
            settlements.setAside(claim, expired, null);
            return null;
        }
        if (!claim.isReadable()) {
            settlements.setAside(claim, "cannot be read: " + claim.unreadableReason(), null);
            return null;
        }
        String source = location + "/" + claim.messageId();
        try {
            codec.validate(claim.content(), source);
        } catch (MalformedJsonException e) {
            settlements.setAside(claim, e.getMessage(), e);
            return null;
        }
        return new ReceivedMessage(settlements, claim, new JsonPayload(claim.content(), codec, source), metadata);
    }
}
