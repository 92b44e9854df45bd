package io.ipsync.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a listener's handling. Declare a bean of this type to replace
 * {@link IpsyncListenerObservation.DefaultIpsyncListenerObservationConvention}; the auto-configured
 * listener containers use it when {@code ipsync.listener.observation-enabled=true}.
 */
public interface IpsyncListenerObservationConvention extends ObservationConvention<IpsyncReceiverContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof IpsyncReceiverContext;
    }

    @Override
    default String getName() {
        return "ipsync.listener";
    }
}
