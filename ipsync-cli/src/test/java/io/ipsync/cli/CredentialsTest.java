package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** User names and passwords of addresses never reach what ipsync prints. */
class CredentialsTest {

    @Test
    void hidesTheUserInformationOfEveryAddressInAText() {
        assertThat(Credentials.hide("cannot reach redis://app:s3cret@cache:6379/orders or rediss://:tok@h/x"))
                .isEqualTo("cannot reach redis://***@cache:6379/orders or rediss://***@h/x");
    }

    @Test
    void passwordWithAnAtSignIsHiddenUpToTheLastOneBeforeThePath() {
        assertThat(Credentials.hide("redis://app:p@ss@cache/orders")).isEqualTo("redis://***@cache/orders");
    }

    @Test
    void addressesWithoutUserInformationAndPathsStayAsTheyAre() {
        assertThat(Credentials.hide("redis://cache:6379/orders@2")).isEqualTo("redis://cache:6379/orders@2");
        assertThat(Credentials.hide("/dev/shm/user@host/queue")).isEqualTo("/dev/shm/user@host/queue");
    }

    @Test
    void messageQuotingAnArgumentThatIsNotAUriHidesItsWholeUserInformation() {
        String argument = "redis://app:pass word@cache/orders";
        String message = "Illegal character in authority at index 15: " + argument;

        assertThat(Credentials.hideIn(message, argument))
                .isEqualTo("Illegal character in authority at index 15: redis://***@cache/orders");
    }
}
