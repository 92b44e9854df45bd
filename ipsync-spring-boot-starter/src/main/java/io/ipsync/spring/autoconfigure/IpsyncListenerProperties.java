package io.ipsync.spring.autoconfigure;

/**
 * Settings of the containers of {@code @IpsyncListener} methods ({@code ipsync.listener.*}).
 */
public class IpsyncListenerProperties {

    /**
     * Whether each handling of a message, signal or value is a Micrometer observation
     * ('ipsync.listener' timer and span, in scope while the listener method runs, continuing the
     * sender's trace from the message's headers). Needs an ObservationRegistry bean (Spring Boot's,
     * with Actuator or Micrometer Tracing).
     */
    private boolean observationEnabled = false;

    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }
}
