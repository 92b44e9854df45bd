package io.ipsync.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a template send. Declare a bean of this type to replace
 * {@link IpsyncTemplateObservation.DefaultIpsyncTemplateObservationConvention}; the
 * auto-configured template uses it when {@code ipsync.template.observation-enabled=true}.
 */
public interface IpsyncTemplateObservationConvention extends ObservationConvention<IpsyncSenderContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof IpsyncSenderContext;
    }

    @Override
    default String getName() {
        return "ipsync.template";
    }
}
