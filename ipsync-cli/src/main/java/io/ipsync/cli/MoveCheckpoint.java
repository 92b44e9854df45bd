package io.ipsync.cli;

/**
 * Told by {@link QueueMove} after each step that changes a queue, so that a test can stop a move
 * exactly there (a child process that blocks at the step and is killed). {@link #NONE} in
 * production.
 */
@FunctionalInterface
interface MoveCheckpoint {

    /** Does nothing. */
    MoveCheckpoint NONE = (step, messageId) -> {
    };

    /** The steps of a move, in the order each message takes them. */
    enum Step {

        /** A waiting message of FROM is claimed by the move (FROM gives it back if the move dies). */
        CLAIMED,

        /** Its copy is in TO; FROM still holds it, claimed. */
        PUT,

        /** It is acknowledged in FROM: moved. */
        ACKNOWLEDGED,

        /** A dead letter's copy is in TO; FROM still holds the dead letter. */
        DEAD_LETTER_PUT,

        /** The dead letter is purged from FROM: moved. */
        DEAD_LETTER_PURGED
    }

    /**
     * Called once the step is done.
     *
     * @param messageId the message's id in FROM
     */
    void reached(Step step, String messageId) throws InterruptedException;
}
